import { IdParams } from '../../../shared/schemas/learning'
import { UserModel } from '../../models/user'

export default defineEventHandler(async (event) => {
  await requireRole(event, HR_STAFF)
  const { id } = await getValidParams(event, IdParams)
  const user = await UserModel.findById(id).lean()
  if (!user) throw createError({ statusCode: 404, statusMessage: 'There is no such user.' })
  // toPublicUser reports only whether a password is set, never the hash.
  return toPublicUser(user, await departmentsById())
})
