import { PersonIdParams, RemedyBody } from '#shared/schemas/remedies'

// A remedy for one person (extra attempts, lifted cooldown, later due date, exemption),
// with a reason that the audit log and the person's page keep.
export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, HELPERS)
  const { id } = await getValidParams(event, PersonIdParams)
  const body = await readValidBody(event, RemedyBody)
  return grantRemedy(actor, id, body)
})
