import { CreateUserBody } from '../../../shared/schemas/accounts'
import { UserModel } from '../../models/user'

export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, HR_STAFF)
  const body = await readValidBody(event, CreateUserBody)
  assertMayManage(actor, { role: 'staff' }, body.role)
  const department = await departmentBySlug(body.department)
  if (await UserModel.exists({ email: body.email })) throw emailTaken()
  const user = await UserModel.create({
    name: body.name,
    email: body.email,
    role: body.role,
    department: department._id,
    jobRole: body.jobRole,
    startDate: new Date(body.startDate),
    passwordHash: body.password ? await hashUserPassword(body.password) : '',
  }).catch((error) => {
    throw isDuplicateKey(error) ? emailTaken() : error
  })
  await refreshLearner(user._id)
  await recordAudit(actor, 'user.create', String(user._id), { email: body.email, role: body.role }, { subject: user._id })
  // No password given: the person chooses one from an e-mailed invitation.
  const invitation = body.password ? null : await sendInvitation(user, actor.name, requestNow(event))
  setResponseStatus(event, 201)
  return { ...toPublicUser(user.toObject(), await departmentsById()), invitation }
})
