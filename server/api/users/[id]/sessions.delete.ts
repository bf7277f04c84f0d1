import { IdParams } from '../../../../shared/schemas/learning'

// An administrator signs a person out everywhere (a lost phone, a shared computer).
export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, ADMINS)
  const { id } = await getValidParams(event, IdParams)
  const ended = await endPersonSessions(id)
  await recordAudit(actor, 'user.sessions-end', id, { ended })
  return { ended }
})
