import type { Types } from 'mongoose'
import type { NoticesAnswer } from '../../../shared/schemas/mail'
import { MailboxModel } from '../../models/mailbox'
import { unreadCoaching } from '../learning/coaching-marker'

// In-app notices: the same events as the e-mails, in the person's mailbox document
// (one per person, by _id), so people without e-mail still see them.

const KEEP = 50

export interface NewNotice { key: string, kind: string, title: string, body: string, link: string }

/** Adds a notice once per key: the filter expects no notice with this key yet. */
export async function addNotice(user: Types.ObjectId | string, notice: NewNotice, at: Date, reminder: boolean) {
  const set = reminder ? { lastRemindedAt: at, lastReminderKind: notice.kind } : {}
  try {
    await MailboxModel.updateOne(
      { '_id': user, 'notices.key': { $ne: notice.key } },
      { $push: { notices: { ...notice, at, read: false } }, $inc: { version: 1 }, $set: set },
      { upsert: true },
    )
  }
  catch (error) {
    // The mailbox exists and already holds this notice: the upsert's insert collided.
    if (!isDuplicateKey(error)) throw error
  }
}

export async function noticesOf(user: Types.ObjectId | string): Promise<NoticesAnswer> {
  const box = await MailboxModel.findById(user, { notices: 1, coaching: 1, coachingSeen: 1, coachingSeenAt: 1 }).lean()
  const notices = (box?.notices ?? []).slice(-KEEP).reverse()
  return {
    unread: notices.filter(n => !n.read).length,
    coaching: unreadCoaching(box),
    notices: notices.map(n => ({ key: n.key, kind: n.kind, title: n.title, body: n.body, link: n.link, at: n.at.toISOString(), read: n.read })),
  }
}

/** Marks every notice read, and keeps only the latest ones; retried if a notice arrives meanwhile. */
export async function markNoticesRead(user: Types.ObjectId | string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const box = await MailboxModel.findById(user).lean()
    if (!box) return
    const notices = box.notices.slice(-KEEP).map(n => ({ ...n, read: true }))
    const { matchedCount } = await MailboxModel.updateOne({ _id: user, version: box.version }, { $set: { notices }, $inc: { version: 1 } })
    if (matchedCount) return
  }
}

/** When each of these people was last reminded (one lookup by _id each). */
export async function lastReminded(users: string[]): Promise<Map<string, Date>> {
  const boxes = await Promise.all(users.map(id => MailboxModel.findById(id, { lastRemindedAt: 1 }).lean()))
  return new Map(boxes.filter(b => b?.lastRemindedAt).map(b => [String(b!._id), b!.lastRemindedAt!]))
}
