import type { H3Event } from 'h3'
import { Types } from 'mongoose'
import type { Role } from '../../shared/schemas/accounts'
import { UserModel } from '../models/user'

export interface CurrentUser {
  id: string
  name: string
  email: string
  role: Role
  department: Types.ObjectId | null
  jobRole: string
  startDate: Date
}

const notSignedIn = () => createError({ statusCode: 401, statusMessage: 'Sign in to continue.' })

/**
 * The signed-in user, read fresh from the database on every request so that a
 * deactivation or a password change ends older sessions at their next request.
 */
export async function requireUser(event: H3Event): Promise<CurrentUser> {
  if (event.context.currentUser) return event.context.currentUser as CurrentUser
  const session = await getUserSession(event)
  const id = session.user?.id
  if (!id || !Types.ObjectId.isValid(id)) throw notSignedIn()
  const user = await UserModel.findById(id, { passwordHash: 0 }).lean()
  if (!user || !user.active || user.sessionVersion !== session.secure?.sessionVersion) {
    await clearUserSession(event)
    throw createError({ statusCode: 401, statusMessage: user && !user.active ? 'This account has been deactivated.' : 'Your session has ended. Sign in again.' })
  }
  const current: CurrentUser = {
    id: String(user._id),
    name: user.name,
    email: user.email,
    role: user.role as Role,
    department: user.department ?? null,
    jobRole: user.jobRole ?? '',
    startDate: user.startDate,
  }
  event.context.currentUser = current
  return current
}

/** Deny by default: a route names the roles that may call it. */
export async function requireRole(event: H3Event, roles: readonly Role[]): Promise<CurrentUser> {
  const user = await requireUser(event)
  if (!roles.includes(user.role)) {
    throw createError({ statusCode: 403, statusMessage: 'Your role does not give access to this.' })
  }
  return user
}

export async function startSession(event: H3Event, user: { _id: Types.ObjectId, name: string, email: string, role: string, sessionVersion: number }) {
  await replaceUserSession(event, {
    user: { id: String(user._id), name: user.name, email: user.email, role: user.role as Role },
    secure: { sessionVersion: user.sessionVersion },
    loggedInAt: Date.now(),
  })
}
