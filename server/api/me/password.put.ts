import { ChangePasswordBody } from '../../../shared/schemas/accounts'
import { UserModel } from '../../models/user'

export default defineEventHandler(async (event) => {
  const current = await requireRole(event, EVERYONE)
  const { currentPassword, newPassword } = await readValidBody(event, ChangePasswordBody)
  const user = await UserModel.findById(current.id).lean()
  if (!user || !await verifyUserPassword(user.passwordHash, currentPassword)) {
    throw invalidField('body', 'currentPassword', 'does not match your password')
  }
  const updated = await updateAccount(user._id, { $set: { passwordHash: await hashUserPassword(newPassword) }, $inc: { sessionVersion: 1 } })
  // Other sessions end; this browser gets a new one with the new version.
  await endAllSessions(user._id, { keep: await currentSessionId(event) })
  await startSession(event, updated!)
  await recordAudit(current, 'user.password-change', current.id, {}, { subject: current.id })
  return { changed: true }
})
