import { UpdateUserBody, type Role } from '../../../shared/schemas/accounts'
import { IdParams } from '../../../shared/schemas/learning'
import { UserModel } from '../../models/user'

export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, HR_STAFF)
  const { id } = await getValidParams(event, IdParams)
  const body = await readValidBody(event, UpdateUserBody)
  const user = await UserModel.findById(id).lean()
  if (!user) throw createError({ statusCode: 404, statusMessage: 'There is no such user.' })
  assertMayManage(actor, user, body.role as Role | undefined)
  if (id === actor.id && (body.active === false || (body.role && body.role !== actor.role))) {
    throw createError({ statusCode: 400, statusMessage: 'You cannot deactivate yourself or change your own role.' })
  }
  const set: Record<string, unknown> = {}
  for (const key of ['name', 'email', 'role', 'jobRole', 'active'] as const) {
    if (body[key] !== undefined) set[key] = body[key]
  }
  if (body.department) set.department = (await departmentBySlug(body.department))._id
  if (body.startDate) set.startDate = new Date(body.startDate)
  if (body.email && body.email !== user.email && await UserModel.exists({ email: body.email })) {
    throw emailTaken()
  }
  const updated = await UserModel.findByIdAndUpdate(id, { $set: set }, { returnDocument: 'after' }).lean()
  // Deactivating ends every session.
  if (body.active === false) await endAllSessions(id)
  // Summaries computed from the old profile are older than the one computed now.
  await noteProfileChange(updated!._id)
  await refreshLearner(updated!._id)
  await recordAudit(actor, body.active === false ? 'user.deactivate' : 'user.update', id, { fields: Object.keys(set) })
  return toPublicUser(updated!, await departmentsById())
})
