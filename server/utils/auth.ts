import type { H3Event } from 'h3'
import { Types } from 'mongoose'
import type { Role } from '../../shared/schemas/accounts'
import { createSession, endSession, readSession, sessionIdOf } from '../domain/accounts/sessions'
import { accountDeactivated, adoptSession } from '../domain/accounts/account-facts'

export interface CurrentUser {
  id: string
  name: string
  email: string
  role: Role
  department: Types.ObjectId | null
  jobRole: string
  startDate: Date
  /**
   * When requireUser read the session's copy of the person; a learning event's summary may use
   * this copy (refreshLearner), as every change of the account reaches the copy before it is
   * stamped (noteProfileChange).
   */
  readAt?: Date
}

const notSignedIn = () => createError({ statusCode: 401, statusMessage: 'Sign in to continue.' })

/**
 * The signed-in user. The cookie names a server-side session, which must still exist and
 * be within its idle and absolute lifetimes; the session carries a copy of the account's
 * facts, which every change of the account updates before it returns (account-facts.ts), so
 * a deactivation, a password change or a change of role or name acts at the next request.
 * One read by `_id` per request; a session from before the copy reads the account once.
 */
export async function requireUser(event: H3Event): Promise<CurrentUser> {
  if (event.context.currentUser) return event.context.currentUser as CurrentUser
  const session = await getUserSession(event)
  const id = session.user?.id
  const token = session.secure?.sessionToken
  if (!id || !Types.ObjectId.isValid(id)) throw notSignedIn()
  const readAt = new Date()
  const live = token ? await readSession(token, id) : null
  const facts = live ? live.account ?? await adoptSession(live.id, id) : null
  if (!facts || !facts.active || facts.sessionVersion !== session.secure?.sessionVersion) {
    await clearUserSession(event)
    const deactivated = facts ? !facts.active : await accountDeactivated(id)
    throw createError({ statusCode: 401, statusMessage: deactivated ? 'This account has been deactivated.' : 'Your session has ended. Sign in again.' })
  }
  const current: CurrentUser = {
    id,
    name: facts.name,
    email: facts.email,
    role: facts.role as Role,
    department: facts.department ?? null,
    jobRole: facts.jobRole ?? '',
    startDate: facts.startDate,
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
export async function startSession(event: H3Event, user: Parameters<typeof createSession>[0]) {
  // A sign-in over an older session of this browser replaces it.
  await endSessionOf(await getUserSession(event))
  const { token } = await createSession(user, {
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
