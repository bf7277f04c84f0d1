import { IdParams } from '#shared/schemas/learning'
import { UserModel } from '../../../models/user'

// Sends a person a new invitation link (the earlier ones keep working until they expire).
export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, HR_STAFF)
  const { id } = await getValidParams(event, IdParams)
  const user = await UserModel.findById(id, { name: 1, email: 1, role: 1, sessionVersion: 1, active: 1 }).lean()
  if (!user || !user.active) throw createError({ statusCode: 404, statusMessage: 'There is no such active person.' })
  assertMayManage(actor, user)
  const invitation = await sendInvitation(user, actor.name, requestNow(event))
  await recordAudit(actor, 'user.invite', id)
  return { invitation }
})
