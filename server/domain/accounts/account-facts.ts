import { Types, type UpdateQuery } from 'mongoose'
import type { Role } from '../../../shared/schemas/accounts'
import { SessionModel, UserSessionsModel } from '../../models/session'
import { UserModel, type User } from '../../models/user'
import { forWrites } from '../../utils/db-engine'

// The sign-in check reads one document per request: the session, which carries a copy of the
// account's facts (who the person is, and what the check tests). The copy follows the user:
// - every write of a user goes through updateAccount, which bumps the user's accountRevision
//   in the same operation and then copies the new facts onto every session the person's
//   directory lists, each only over an older revision;
// - a new session is listed in the directory before its cookie is handed out, then the user is
//   read again and the copy corrected if the revision moved (settleSession): a write either
//   finds the session in the directory or happened before that second read;
// - when a session's last-seen is written (at most once a minute), the account is read again
//   and a differing copy replaced (refreshSessionCopy), a bound on anything missed.
// docs/decisions.md, "The session carries the account's facts".

export interface AccountFacts {
  rev: number
  active: boolean
  sessionVersion: number
  role: Role
  name: string
  email: string
  department: Types.ObjectId | null
  jobRole: string
  startDate: Date
}

type AccountSource = Pick<User, 'name' | 'email' | 'role' | 'startDate' | 'active' | 'sessionVersion'> & {
  _id: Types.ObjectId
  department?: Types.ObjectId | null
  jobRole?: string | null
  accountRevision?: number | null
}

/** What a session copies of a user, and nothing else (no password hash). */
const FACTS_PROJECTION = { name: 1, email: 1, role: 1, department: 1, jobRole: 1, startDate: 1, active: 1, sessionVersion: 1, accountRevision: 1 } as const

export const factsOf = (user: AccountSource): AccountFacts => ({
  // Users written around the model (the create-admin script, older data) have no revision yet.
  rev: user.accountRevision ?? 0,
  active: user.active,
  sessionVersion: user.sessionVersion,
  role: user.role as Role,
  name: user.name,
  email: user.email,
  department: user.department ?? null,
  jobRole: user.jobRole ?? '',
  startDate: user.startDate,
})

const readFacts = async (userId: Types.ObjectId) => {
  const user = await UserModel.findById(userId, FACTS_PROJECTION).lean()
  return user ? factsOf(user) : null
}

/**
 * Sets a session's copy unless it already holds a newer revision, or (unless `sameRevision`
 * may be replaced) this one.
 */
async function setSessionCopy(sessionId: string, userId: Types.ObjectId, facts: AccountFacts, sameRevision = false) {
  await forWrites(SessionModel).updateOne(
    { _id: sessionId, user: userId, $or: [{ 'account.rev': sameRevision ? { $lte: facts.rev } : { $lt: facts.rev } }, { account: { $exists: false } }] },
    { $set: { account: facts } },
  )
}

/**
 * The one writer of user documents once they exist: applies `update` (to the user with
 * `expect` too, when given), bumps accountRevision in the same operation, and copies the
 * account's new facts onto each of the person's sessions. Returns the user as written, or null
 * when no user matched. On FerretDB it writes through the write connection, so the revision
 * is never bumped twice to one value.
 */
export async function updateAccount(userId: Types.ObjectId | string, update: UpdateQuery<User>, expect: Record<string, unknown> = {}) {
  const _id = new Types.ObjectId(String(userId))
  const updated = await forWrites(UserModel).findOneAndUpdate(
    { _id, ...expect },
    { ...update, $inc: { ...update.$inc, accountRevision: 1 } },
    { returnDocument: 'after' },
  ).lean()
  if (!updated) return null
  const facts = factsOf(updated)
  const directory = await UserSessionsModel.findById(_id).lean()
  for (const id of directory?.ids ?? []) await setSessionCopy(id, _id, facts)
  return updated
}

/**
 * Lists a session in its person's directory, then reads the account again and corrects the
 * session's copy if the account changed since `facts` were read. Called for a new session
 * before its cookie is handed out, and for a session from before the copy existed. Returns the
 * account's facts as read after the listing (null when the person no longer exists).
 */
export async function settleSession(sessionId: string, userId: Types.ObjectId, facts: AccountFacts) {
  await forWrites(UserSessionsModel).updateOne({ _id: userId }, { $addToSet: { ids: sessionId } }, { upsert: true })
  const now = await readFacts(userId)
  if (now && now.rev !== facts.rev) await setSessionCopy(sessionId, userId, now)
  return now
}

/**
 * A session created before sessions carried the account's facts: reads the account once and
 * stores the copy, as a new session would (settleSession). Null when the person is gone.
 */
export async function adoptSession(sessionId: string, userId: string) {
  const user = new Types.ObjectId(userId)
  const facts = await readFacts(user)
  if (!facts) return null
  await setSessionCopy(sessionId, user, facts)
  return settleSession(sessionId, user, facts)
}

const comparable = (value: unknown) => value instanceof Date ? value.getTime() : String(value ?? null)
const sameFacts = (a: AccountFacts, b: AccountFacts) =>
  (Object.keys(b) as (keyof AccountFacts)[]).every(key => comparable(a[key]) === comparable(b[key]))

/**
 * The safety net, run when a session's last-seen is written (at most once a minute): reads the
 * account and replaces the copy when it differs and is not newer. It bounds what a lost copy
 * would cost (a process that stopped between writing a user and copying the facts, a write
 * made around the app) to that interval. Returns the facts the session now holds; null when
 * the person no longer exists.
 */
export async function refreshSessionCopy(sessionId: string, userId: Types.ObjectId, copy: AccountFacts | undefined) {
  const facts = await readFacts(userId)
  if (!facts || (copy && sameFacts(copy, facts))) return facts
  await setSessionCopy(sessionId, userId, facts, true)
  return facts
}

/** Whether the account is deactivated (to word a refused request; not on the signed-in path). */
export async function accountDeactivated(userId: string) {
  const user = await UserModel.findById(userId, { active: 1 }).lean()
  return Boolean(user && !user.active)
}
