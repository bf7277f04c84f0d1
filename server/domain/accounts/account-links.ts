import { createHash, randomBytes } from 'node:crypto'
import type { Types } from 'mongoose'
import { AccountTokenModel, type TokenPurpose } from '../../models/account-token'
import { UserModel } from '../../models/user'
import { noteProfileChange } from '../learning/learner-record'
import { endAllSessions } from './sessions'
import { updateAccount } from './account-facts'
import { findUserByEmail } from './user-emails'
import { emailConfirmMail, inviteMail, resetMail } from '../mail/messages'
import { deliverKeys, enqueueMail } from '../mail/outbox'
import { currentOrg } from '../mail/org-settings'

// Links that act on an account: an invitation to choose a first password, a password
// reset, and the confirmation of a new email address. The link carries 256 random bits;
// only their SHA-256 is stored (as _id). A link works once, until it expires, and only
// while the account's sessionVersion is the one it was made for: setting a password
// bumps it, which ends every session and voids every other link of that account.

const LIFETIME_MS: Record<TokenPurpose, number> = {
  invite: 7 * 86_400_000,
  reset: 60 * 60_000,
  email: 2 * 86_400_000,
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex')

const linkExpired = () => createError({ statusCode: 400, statusMessage: 'This link has expired or has already been used. Ask for a new one.' })

interface AccountLike { _id: Types.ObjectId, name: string, email: string, sessionVersion: number }

async function issueToken(user: AccountLike, purpose: TokenPurpose, now: Date, email?: string) {
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + LIFETIME_MS[purpose])
  await AccountTokenModel.create({ _id: hashOf(token), purpose, user: user._id, sessionVersion: user.sessionVersion, email, expiresAt })
  return { token, expiresAt, key: hashOf(token).slice(0, 16) }
}

export type InvitationResult = 'sent' | 'queued' | 'skipped' | 'failed'

async function sendNow(key: string, queued: string, now: Date): Promise<InvitationResult> {
  if (queued !== 'queued') return 'skipped'
  const { sent, failed } = await deliverKeys([key], now)
  return sent ? 'sent' : failed ? 'failed' : 'queued'
}

/** E-mails a person a link to choose their password (a new account, or an admin's resend). */
export async function sendInvitation(user: AccountLike, invitedBy: string | null, now: Date): Promise<InvitationResult> {
  const org = await currentOrg()
  const { token, expiresAt, key } = await issueToken(user, 'invite', now)
  const mail = inviteMail(org, { name: user.name, email: user.email, url: `${org.url}/set-password?token=${token}`, expiresAt, invitedBy: invitedBy ?? undefined })
  const mailKey = `invite:${user._id}:${key}`
  return sendNow(mailKey, await enqueueMail({ key: mailKey, kind: 'invite', user: user._id, to: user.email, mail }, now), now)
}

/**
 * "Forgot your password?": e-mails a reset link if the address belongs to an active
 * account. The caller answers the same either way.
 */
export async function sendPasswordReset(email: string, now: Date) {
  // Through the email lookup: two reads by _id, known address or not (as sign-in does).
  const user = await findUserByEmail(email)
  if (!user || !user.active) return
  const org = await currentOrg()
  const { token, key } = await issueToken(user, 'reset', now)
  const mail = resetMail(org, { name: user.name, url: `${org.url}/set-password?token=${token}`, minutes: LIFETIME_MS.reset / 60_000 })
  const mailKey = `reset:${user._id}:${key}`
  await sendNow(mailKey, await enqueueMail({ key: mailKey, kind: 'reset', user: user._id, to: user.email, mail }, now), now)
}

/** Sends a confirmation link to a new address; the account keeps its old one until it is used. */
export async function requestEmailChange(user: AccountLike, newEmail: string, now: Date): Promise<InvitationResult> {
  const org = await currentOrg()
  const { token, expiresAt, key } = await issueToken(user, 'email', now, newEmail)
  const mail = emailConfirmMail(org, { name: user.name, newEmail, url: `${org.url}/confirm-email?token=${token}`, expiresAt })
  const mailKey = `email-confirm:${user._id}:${key}`
  return sendNow(mailKey, await enqueueMail({ key: mailKey, kind: 'email-confirm', user: user._id, to: newEmail, mail }, now), now)
}

async function usableToken(token: string, now: Date) {
  const doc = await AccountTokenModel.findById(hashOf(token)).lean()
  if (!doc || doc.usedAt || doc.expiresAt <= now) throw linkExpired()
  const user = await UserModel.findById(doc.user, { name: 1, email: 1, active: 1, sessionVersion: 1 }).lean()
  if (!user || !user.active || (doc.purpose !== 'email' && user.sessionVersion !== doc.sessionVersion)) throw linkExpired()
  return { doc, user }
}

/** What a link is for, so its page can greet the person; nothing is used up. */
export async function describeToken(token: string, now: Date) {
  const { doc, user } = await usableToken(token, now)
  return { purpose: doc.purpose, name: user.name, email: doc.purpose === 'email' ? doc.email! : user.email, expiresAt: doc.expiresAt.toISOString() }
}

/** Uses the link once: the filter expects it unused and unexpired. */
async function consume(token: string, purposes: TokenPurpose[], now: Date) {
  const { doc, user } = await usableToken(token, now)
  if (!purposes.includes(doc.purpose as TokenPurpose)) throw linkExpired()
  const used = await AccountTokenModel.findOneAndUpdate(
    { _id: doc._id, usedAt: { $exists: false }, expiresAt: { $gt: now } },
    { $set: { usedAt: now } },
  ).lean()
  if (!used) throw linkExpired()
  return { doc, user }
}

/** Sets the password from an invitation or reset link and ends every session of the account. */
export async function setPasswordWithToken(token: string, newPassword: string, now: Date) {
  const { user } = await consume(token, ['invite', 'reset'], now)
  const passwordHash = await hashUserPassword(newPassword)
  const updated = await updateAccount(user._id, { $set: { passwordHash }, $inc: { sessionVersion: 1 } }, { sessionVersion: user.sessionVersion })
  if (!updated) throw linkExpired()
  // Every session of the account ends (the bump above already refuses their cookies).
  await endAllSessions(user._id)
  await recordAudit({ id: String(user._id) }, 'user.password-set', String(user._id), { by: 'e-mailed link' })
  return { email: updated.email }
}

export async function confirmEmail(token: string, now: Date) {
  const { doc, user } = await consume(token, ['email'], now)
  const email = doc.email!
  if (await UserModel.exists({ email, _id: { $ne: user._id } })) {
    throw createError({ statusCode: 409, statusMessage: 'Someone else already uses this email address. Ask your administrator.' })
  }
  // updateAccount returns the new document, so the model's hook records the new email lookup.
  await updateAccount(user._id, { $set: { email } }).catch((error) => {
    throw isDuplicateKey(error) ? createError({ statusCode: 409, statusMessage: 'Someone else already uses this email address. Ask your administrator.' }) : error
  })
  // The summary shows the email: a copy of the person read before this is stale.
  await noteProfileChange(user._id)
  await refreshLearner(user._id)
  await recordAudit({ id: String(user._id) }, 'user.email-confirmed', String(user._id), { from: user.email, to: email })
  return { email }
}
