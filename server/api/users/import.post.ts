import { ImportBody } from '#shared/schemas/accounts'

// Preview (commit: false) and import (commit: true) run the same checks; an import
// writes nothing unless every row is valid, and reports row by row who was created.
export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, HR_STAFF)
  const { csv, commit } = await readValidBody(event, ImportBody)
  return importStaff(actor, csv, commit, requestNow(event))
})
