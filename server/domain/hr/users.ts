import type { Types } from 'mongoose'
import type { PublicUser, Role } from '../../../shared/schemas/accounts'
import { DepartmentModel } from '../../models/department'
import type { CurrentUser } from '../../utils/auth'

interface UserLike {
  _id?: Types.ObjectId
  id?: string
  name: string
  email: string
  role: string
  department?: Types.ObjectId | null
  jobRole?: string | null
  startDate: Date
  active?: boolean
  passwordHash?: string | null
}

export async function departmentsById() {
  const departments = await DepartmentModel.find({}, { name: 1, slug: 1 }).lean()
  return new Map(departments.map(d => [String(d._id), d]))
}

/**
 * The department of one person, in the shape toPublicUser takes: one read by `_id` (every
 * other filter reads the whole collection on FerretDB), or none when they have none.
 */
export async function departmentOf(department: Types.ObjectId | null | undefined) {
  const found = department ? await DepartmentModel.findById(department, { name: 1, slug: 1 }).lean() : null
  return new Map(found ? [[String(found._id), found]] : [])
}

export function toPublicUser(user: UserLike, departments: Map<string, { name: string, slug: string }>): PublicUser {
  const department = user.department ? departments.get(String(user.department)) : undefined
  return {
    id: user.id ?? String(user._id),
    name: user.name,
    email: user.email,
    role: user.role as Role,
    department: department?.slug ?? null,
    departmentName: department?.name ?? null,
    jobRole: user.jobRole ?? '',
    startDate: user.startDate.toISOString().slice(0, 10),
    active: user.active ?? true,
    ...(user.passwordHash !== undefined ? { passwordSet: !!user.passwordHash } : {}),
  }
}

/** The department with this slug, or a 400 naming the field. */
export async function departmentBySlug(slug: string, where: 'body' | 'query' = 'body') {
  const department = await DepartmentModel.findOne({ slug }).lean()
  if (!department) throw invalidField(where, 'department', `there is no department "${slug}"`)
  return department
}

export const emailTaken = () => invalidField('body', 'email', 'someone already has this email', 409)

/** HR manages staff records only; admins manage everyone. */
export function assertMayManage(actor: CurrentUser, target: { role: string }, newRole?: Role) {
  if (actor.role === 'admin') return
  if (target.role !== 'staff' || (newRole && newRole !== 'staff')) {
    throw createError({ statusCode: 403, statusMessage: 'HR can manage staff records only; ask an administrator.' })
  }
}

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
