import { createHash, randomBytes } from 'node:crypto'
import { Types } from 'mongoose'
import type { SessionView } from '../../../shared/types/sessions'
import { SessionModel, UserSessionsModel } from '../../models/session'
import { UserModel } from '../../models/user'
import { forWrites } from '../../utils/db-engine'
import { factsOf, refreshSessionCopy, settleSession, updateAccount, type AccountFacts } from './account-facts'

// Server-side sessions: each sign-in creates a record, read by `_id` on every request.
// Ending a session deletes it, so a copied cookie stops working at once. Sessions end after
// an idle time and an absolute lifetime (runtime config: sessionIdleMinutes, sessionMaxDays).

export interface SessionLifetimes {
  idleMs: number
  maxMs: number
}

export function sessionLifetimes(): SessionLifetimes {
  const { sessionIdleMinutes, sessionMaxDays } = useRuntimeConfig()
  return { idleMs: Number(sessionIdleMinutes) * 60_000, maxMs: Number(sessionMaxDays) * 86_400_000 }
}

const sessionId = (token: string) => createHash('sha256').update(token).digest('base64url')

/** How often last-seen is written: a minute, or a tenth of the idle time when that is shorter. */
const touchEvery = (lifetimes: SessionLifetimes) => Math.min(60_000, lifetimes.idleMs / 10)

/**
 * Creates the record for a new sign-in, with a copy of the account's facts as `user` holds
 * them, listed in the person's directory and corrected if the account changed meanwhile
 * (settleSession), all before the returned token goes into the sealed cookie.
 */
export async function createSession(user: Parameters<typeof factsOf>[0], client: { device: string, address: string }, now = new Date(), lifetimes = sessionLifetimes()) {
  const token = randomBytes(32).toString('base64url')
  const id = sessionId(token)
  const facts = factsOf(user)
  await SessionModel.create({
    _id: id,
    user: user._id,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + lifetimes.maxMs),
    device: client.device.slice(0, 200),
    address: client.address.slice(0, 64),
    account: facts,
  })
  await settleSession(id, user._id, facts)
  return { token, id }
}

/**
 * The live session for a cookie's token, with its copy of the account's facts (absent on a
 * session from before the copy), or null when it was ended or has expired (an expired one is
 * deleted). Refreshes last-seen at most every `touchEvery`, and then the copy too.
 */
export async function readSession(token: string, userId: string, now = new Date(), lifetimes = sessionLifetimes()) {
  const id = sessionId(token)
  const session = await SessionModel.findById(id).lean()
  if (!session || String(session.user) !== userId) return null
  const idleEnd = session.lastSeenAt.getTime() + lifetimes.idleMs
  const absoluteEnd = Math.min(session.expiresAt.getTime(), session.createdAt.getTime() + lifetimes.maxMs)
  if (now.getTime() >= idleEnd || now.getTime() >= absoluteEnd) {
    await endSession(userId, id)
    return null
  }
  let account: AccountFacts | null | undefined = session.account as AccountFacts | undefined
  if (now.getTime() - session.lastSeenAt.getTime() >= touchEvery(lifetimes)) {
    await forWrites(SessionModel).updateOne({ _id: id }, { $max: { lastSeenAt: now } })
    // Heals the directory if an entry was lost (FerretDB applies updates as read-modify-write).
    await forWrites(UserSessionsModel).updateOne({ _id: session.user }, { $addToSet: { ids: id } }, { upsert: true })
    account = await refreshSessionCopy(id, session.user, account)
    if (!account) return null
  }
  return { id, userId, account }
}

/** Ends one session of a person; false when it was not theirs or already over. */
export async function endSession(userId: string, id: string) {
  const { deletedCount } = await SessionModel.deleteOne({ _id: id, user: new Types.ObjectId(userId) })
  await forWrites(UserSessionsModel).updateOne({ _id: new Types.ObjectId(userId) }, { $pull: { ids: id } })
  return deletedCount > 0
}

/**
 * Ends every session of a person (password reset or change, deactivation, an admin's
 * request), except `keep` when given. Also bumps the person's session version (updateAccount,
 * which copies it onto any session listed since), so a session created meanwhile, whose
 * copy is corrected before its cookie is handed out, cannot survive either.
 * Returns how many session records were removed.
 */
export async function endAllSessions(userId: string | Types.ObjectId, options: { keep?: string } = {}) {
  const user = new Types.ObjectId(String(userId))
  const directory = await UserSessionsModel.findById(user).lean()
  const ids = (directory?.ids ?? []).filter(id => id !== options.keep)
  let ended = 0
  for (const id of ids) {
    const { deletedCount } = await SessionModel.deleteOne({ _id: id })
    ended += deletedCount
  }
  if (ids.length) await forWrites(UserSessionsModel).updateOne({ _id: user }, { $pullAll: { ids } })
  if (!options.keep) await updateAccount(user, { $inc: { sessionVersion: 1 } })
  return ended
}

/** A person's live sessions, newest activity first; `current` marks the caller's own. */
export async function listSessions(userId: string, currentId: string | undefined, now = new Date(), lifetimes = sessionLifetimes()): Promise<SessionView[]> {
  const user = new Types.ObjectId(userId)
  const directory = await UserSessionsModel.findById(user).lean()
  const views: SessionView[] = []
  const gone: string[] = []
  for (const id of directory?.ids ?? []) {
    const session = await SessionModel.findById(id).lean()
    const live = session && String(session.user) === userId
      && now.getTime() < session.lastSeenAt.getTime() + lifetimes.idleMs
      && now.getTime() < Math.min(session.expiresAt.getTime(), session.createdAt.getTime() + lifetimes.maxMs)
    if (!live) {
      gone.push(id)
      continue
    }
    views.push({
      id,
      device: session.device,
      address: session.address,
      createdAt: session.createdAt.toISOString(),
      lastSeenAt: session.lastSeenAt.toISOString(),
      current: id === currentId,
    })
  }
  if (gone.length) {
    for (const id of gone) await SessionModel.deleteOne({ _id: id })
    await forWrites(UserSessionsModel).updateOne({ _id: user }, { $pullAll: { ids: gone } })
  }
  return views.sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt))
}

/** Removes expired sessions (MongoDB's TTL index does it too); a background sweep, off the request path. */
export async function sweepExpiredSessions(now = new Date(), lifetimes = sessionLifetimes()) {
  const { deletedCount } = await SessionModel.deleteMany({
    $or: [{ expiresAt: { $lte: now } }, { lastSeenAt: { $lte: new Date(now.getTime() - lifetimes.idleMs) } }],
  })
  return deletedCount
}

/** The session id for a cookie's token (to mark "this browser" in a list). */
export const sessionIdOf = sessionId

/** A person's live sessions as an admin sees them on the person page (404 for no such person). */
export async function personSessions(userId: string) {
  if (!await UserModel.exists({ _id: new Types.ObjectId(userId) })) {
    throw createError({ statusCode: 404, statusMessage: 'There is no such user.' })
  }
  return { sessions: await listSessions(userId, undefined) }
}

/** endAllSessions for a person who must exist (404 otherwise), as an admin asks it. */
export async function endPersonSessions(userId: string) {
  if (!await UserModel.exists({ _id: new Types.ObjectId(userId) })) {
    throw createError({ statusCode: 404, statusMessage: 'There is no such user.' })
  }
  return endAllSessions(userId)
}
