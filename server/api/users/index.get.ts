import { UserListQuery } from '../../../shared/schemas/accounts'
import { UserModel } from '../../models/user'

export default defineEventHandler(async (event) => {
  await requireRole(event, HR_STAFF)
  const query = await getValidQuery(event, UserListQuery)
  const filter: Record<string, unknown> = {}
  if (query.active !== 'all') filter.active = query.active === 'true'
  if (query.role) filter.role = query.role
  if (query.department) filter.department = (await departmentBySlug(query.department, 'query'))._id
  if (query.q) {
    const pattern = new RegExp(escapeRegExp(query.q), 'i')
    filter.$or = [{ name: pattern }, { email: pattern }]
  }
  const [total, users, departments] = await Promise.all([
    UserModel.countDocuments(filter),
    UserModel.find(filter, { passwordHash: 0 }).sort({ name: 1, _id: 1 })
      .skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean(),
    departmentsById(),
  ])
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    users: users.map(u => toPublicUser(u, departments)),
  }
})
