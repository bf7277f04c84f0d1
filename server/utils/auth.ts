import type { H3Event } from 'h3'
import { Types } from 'mongoose'
import type { Role } from '../../shared/schemas/accounts'
import { UserModel } from '../models/user'
import { createSession, endSession, readSession, sessionIdOf } from '../domain/accounts/sessions'

export interface CurrentUser {
  id: string
  name: string
  email: string
  role: Role
  department: Types.ObjectId | null
  jobRole: string
  startDate: Date
  /** When the person was read (by requireUser); a learning event's summary may use this copy (refreshLearner). */
  readAt?: Date
}

const notSignedIn = () => createError({ statusCode: 401, statusMessage: 'Sign in to continue.' })

/**
 * The signed-in user. The cookie names a server-side session, which must still exist and
 * be within its idle and absolute lifetimes; the user is read fresh from the database on
 * every request, so a deactivation or a password change ends older sessions at once.
 */
export async function requireUser(event: H3Event): Promise<CurrentUser> {
  if (event.context.currentUser) return event.context.currentUser as CurrentUser
  const session = await getUserSession(event)
  const id = session.user?.id
  const token = session.secure?.sessionToken
  if (!id || !Types.ObjectId.isValid(id)) throw notSignedIn()
  const readAt = new Date()
  const [live, user] = await Promise.all([
    token ? readSession(token, id) : null,
    UserModel.findById(id, { passwordHash: 0 }).lean(),
  ])
  if (!live || !user || !user.active || user.sessionVersion !== session.secure?.sessionVersion) {
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
    readAt,
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

/** The client's address (X-Forwarded-For only when NUXT_TRUST_PROXY is set). */
export const clientAddress = (event: H3Event) =>
  getRequestIP(event, { xForwardedFor: useRuntimeConfig(event).trustProxy }) ?? 'unknown'

/** Creates a server-side session for a sign-in and puts its token in the sealed cookie. */
export async function startSession(event: H3Event, user: { _id: Types.ObjectId, name: string, email: string, role: string, sessionVersion: number }) {
  // A sign-in over an older session of this browser replaces it.
  await endSessionOf(await getUserSession(event))
  const { token } = await createSession(user._id, {
    device: getHeader(event, 'user-agent') ?? '',
    address: clientAddress(event),
  })
  await replaceUserSession(event, {
    user: { id: String(user._id), name: user.name, email: user.email, role: user.role as Role },
    secure: { sessionVersion: user.sessionVersion, sessionToken: token },
    loggedInAt: Date.now(),
  })
}

/** The server-side session id of this request's cookie, if any. */
export async function currentSessionId(event: H3Event) {
  const token = (await getUserSession(event)).secure?.sessionToken
  return token ? sessionIdOf(token) : undefined
}

/** Ends the server-side session a cookie's data names (the session-clear hook calls it). */
export async function endSessionOf(data: { user?: { id?: string }, secure?: { sessionToken?: string } }) {
  const token = data.secure?.sessionToken
  const id = data.user?.id
  if (token && id && Types.ObjectId.isValid(id)) await endSession(id, sessionIdOf(token))
}
