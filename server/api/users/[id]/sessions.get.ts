import { IdParams } from '../../../../shared/schemas/learning'

// A person's live sessions (device, address, signed in, last seen) for the person page, admins.
export default defineEventHandler(async (event) => {
  await requireRole(event, ADMINS)
  const { id } = await getValidParams(event, IdParams)
  return personSessions(id)
})
