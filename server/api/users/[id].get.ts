import { IdParams } from '../../../shared/schemas/learning'
import { UserModel } from '../../models/user'

export default defineEventHandler(async (event) => {
  await requireRole(event, HR_STAFF)
  const { id } = await getValidParams(event, IdParams)
  const user = await UserModel.findById(id, { passwordHash: 0 }).lean()
  if (!user) throw createError({ statusCode: 404, statusMessage: 'There is no such user.' })
  return toPublicUser(user, await departmentsById())
})
