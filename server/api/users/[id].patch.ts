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
  // A new email address takes effect when its owner confirms it from the e-mailed link.
  for (const key of ['name', 'role', 'jobRole', 'active'] as const) {
    if (body[key] !== undefined) set[key] = body[key]
  }
  if (body.department) set.department = (await departmentBySlug(body.department))._id
  if (body.startDate) set.startDate = new Date(body.startDate)
  if (body.email && body.email !== user.email && await UserModel.exists({ email: body.email })) {
    throw emailTaken()
  }
  const updated = await updateAccount(id, { $set: set })
  // Deactivating ends every session.
  if (body.active === false) await endAllSessions(id)
  // Summaries computed from the old profile are older than the one computed now.
  await noteProfileChange(updated!._id)
  await refreshLearner(updated!._id)
  // Role, department and active changes are logged with their before and after.
  const changes: Record<string, { from: unknown, to: unknown }> = {}
  if (body.role && body.role !== user.role) changes.role = { from: user.role, to: body.role }
  if (body.active !== undefined && body.active !== user.active) changes.active = { from: user.active, to: body.active }
  if (set.department && String(set.department) !== String(user.department)) {
    const names = await departmentsById()
    changes.department = { from: user.department ? names.get(String(user.department))?.slug ?? null : null, to: body.department }
  }
  await recordAudit(actor, body.active === false ? 'user.deactivate' : 'user.update', id, { fields: Object.keys(set), changes }, { subject: id })
  const emailChange = body.email && body.email !== user.email
    ? { to: body.email, confirmation: await requestEmailChange(updated!, body.email, requestNow(event)) }
    : null
  return { ...toPublicUser(updated!, await departmentsById()), emailChange }
})
