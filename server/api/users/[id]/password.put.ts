import { ResetPasswordBody } from '../../../../shared/schemas/accounts'
import { IdParams } from '../../../../shared/schemas/learning'

export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, ADMINS)
  const { id } = await getValidParams(event, IdParams)
  const { newPassword } = await readValidBody(event, ResetPasswordBody)
  const updated = await updateAccount(id, { $set: { passwordHash: await hashUserPassword(newPassword) } })
  if (!updated) throw createError({ statusCode: 404, statusMessage: 'There is no such user.' })
  await endAllSessions(id)
  await recordAudit(actor, 'user.password-reset', id, {}, { subject: id })
  return { reset: true }
})
