import { randomUUID } from 'node:crypto'
import { Types } from 'mongoose'
import type { MailKind, MailView } from '../../../shared/schemas/mail'
import { MailClaimModel, MailMessageModel } from '../../models/mail-message'
import { addNotice, type NewNotice } from './notices'

// The outbox: every message is first written, under its send-once key, then sent.
//
// - Writing is an insert guarded by the unique _id (the key): a second process, a
//   restart or a re-run of the same pass finds the key taken and writes nothing.
// - Sending attempt n of a message is claimed by inserting `<key>#<n>` into MailClaim:
//   one process wins the claim, so one process talks to the SMTP server for it.
// - An SMTP server that refuses or cannot be reached leaves the message pending with a
//   later nextAttemptAt (back-off below); after the last attempt it is marked failed.
// - A process that dies between claiming and recording the result leaves a claimed,
//   pending message. It is marked failed ("interrupted") and not retried, because the
//   SMTP server may have taken it: a reminder is never sent twice.

export const BACK_OFF_MINUTES = [1, 5, 15, 60, 240]
export const MAX_ATTEMPTS = BACK_OFF_MINUTES.length + 1
const INTERRUPTED_AFTER_MS = 10 * 60_000
const PROCESS = randomUUID()

export interface NewMessage {
  key: string
  kind: MailKind
  user?: Types.ObjectId | string
  to: string
  cc?: string[]
  mail: MailView
  /** Recorded as skipped with this reason instead of being sent (opted out, no address). */
  skip?: string
  notice?: NewNotice
  /** A reminder about the person's training (shown as "last reminded" to HR). */
  reminder?: boolean
  requestedBy?: string
}

/** Keys this process wrote and has not yet seen leave: the sender looks at these first. */
const waiting = new Set<string>()

export type EnqueueResult = 'queued' | 'skipped' | 'exists'

export async function enqueueMail(message: NewMessage, now: Date): Promise<EnqueueResult> {
  const { enabled, reason } = mailer()
  const skip = message.skip ?? (!message.to ? 'no e-mail address' : !enabled ? reason ?? 'e-mail is off' : undefined)
  try {
    await MailMessageModel.create({
      _id: message.key,
      kind: message.kind,
      user: message.user ? new Types.ObjectId(String(message.user)) : undefined,
      to: message.to,
      cc: message.cc ?? [],
      subject: message.mail.subject,
      text: message.mail.text,
      html: message.mail.html,
      status: skip ? 'skipped' : 'pending',
      reason: skip ?? '',
      attempts: 0,
      nextAttemptAt: now,
      requestedBy: message.requestedBy ? new Types.ObjectId(message.requestedBy) : undefined,
      createdAt: now,
    })
  }
  catch (error) {
    if (isDuplicateKey(error)) return 'exists'
    throw error
  }
  if (message.notice && message.user) await addNotice(message.user, message.notice, now, message.reminder ?? false)
  if (skip) return 'skipped'
  waiting.add(message.key)
  return 'queued'
}

/** True when the key was written before (by any process): nothing to do for it. */
export async function mailExists(key: string) {
  return (await MailMessageModel.exists({ _id: key })) !== null
}

export type DeliveryResult = 'sent' | 'retry' | 'failed' | 'not-due' | 'taken'

/** Makes the next sending attempt of one message, if it is due and no one else has claimed it. */
export async function deliverOne(key: string, now: Date): Promise<DeliveryResult> {
  const message = await MailMessageModel.findById(key).lean()
  if (!message || message.status !== 'pending') {
    waiting.delete(key)
    return 'taken'
  }
  if (message.nextAttemptAt > now) return 'not-due'
  const attempt = message.attempts
  try {
    await MailClaimModel.create({ _id: `${key}#${attempt}`, by: PROCESS })
  }
  catch (error) {
    if (!isDuplicateKey(error)) throw error
    // Claimed by someone else. If they never recorded a result, they died mid-send.
    if (message.claimedAt && now.getTime() - message.claimedAt.getTime() > INTERRUPTED_AFTER_MS) {
      await MailMessageModel.updateOne({ _id: key, status: 'pending', attempts: attempt }, {
        $set: { status: 'failed', reason: 'interrupted while sending; not retried in case it was delivered' },
      })
      waiting.delete(key)
    }
    return 'taken'
  }
  await MailMessageModel.updateOne({ _id: key, attempts: attempt }, { $set: { claimedAt: now } })
  try {
    await deliverMail({ to: message.to, cc: message.cc, subject: message.subject, text: message.text, html: message.html })
  }
  catch (error) {
    const why = String((error as Error).message ?? error).slice(0, 300)
    const last = attempt + 1 >= MAX_ATTEMPTS
    const retryAt = new Date(now.getTime() + (BACK_OFF_MINUTES[attempt] ?? 0) * 60_000)
    await MailMessageModel.updateOne({ _id: key, attempts: attempt }, {
      $set: last
        ? { status: 'failed', reason: `gave up after ${attempt + 1} attempts: ${why}` }
        : { reason: `attempt ${attempt + 1} failed, next at ${retryAt.toISOString()}: ${why}`, nextAttemptAt: retryAt },
      $inc: { attempts: 1 },
      $unset: { claimedAt: 1 },
    })
    if (last) waiting.delete(key)
    return last ? 'failed' : 'retry'
  }
  await MailMessageModel.updateOne({ _id: key, attempts: attempt }, { $set: { status: 'sent', sentAt: now, reason: '' }, $inc: { attempts: 1 } })
  waiting.delete(key)
  return 'sent'
}

export interface DeliveryCounts { sent: number, retry: number, failed: number }

export async function deliverKeys(keys: Iterable<string>, now: Date): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, retry: 0, failed: 0 }
  for (const key of keys) {
    const result = await deliverOne(key, now)
    if (result === 'sent' || result === 'retry' || result === 'failed') counts[result]++
  }
  return counts
}

/**
 * Sends what is due: this process's own messages, and (when `sweep`) any pending message
 * in the database, such as those another process left or a restart interrupted. The sweep
 * is a query on status, which FerretDB answers by reading the whole collection: the
 * scheduler runs it in the background every few minutes, never on a request.
 */
export async function deliverDue(now: Date, sweep: boolean): Promise<DeliveryCounts> {
  const keys = new Set(waiting)
  if (sweep) {
    const pending = await MailMessageModel.find({ status: 'pending', nextAttemptAt: { $lte: now } }, { _id: 1 }).limit(1000).lean()
    for (const m of pending) keys.add(m._id)
  }
  return deliverKeys(keys, now)
}
