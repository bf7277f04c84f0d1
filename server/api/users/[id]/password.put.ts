import { ResetPasswordBody } from '../../../../shared/schemas/accounts'
import { IdParams } from '../../../../shared/schemas/learning'
import { UserModel } from '../../../models/user'

export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, ADMINS)
  const { id } = await getValidParams(event, IdParams)
  const { newPassword } = await readValidBody(event, ResetPasswordBody)
  const updated = await UserModel.findByIdAndUpdate(id, {
    $set: { passwordHash: await hashUserPassword(newPassword) },
  }).lean()
  if (!updated) throw createError({ statusCode: 404, statusMessage: 'There is no such user.' })
  await endAllSessions(id)
  await recordAudit(actor, 'user.password-reset', id, {}, { subject: id })
  return { reset: true }
})
