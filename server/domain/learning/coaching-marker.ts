import type { Types } from 'mongoose'
import { MailboxModel } from '../../models/mailbox'
import { forWrites } from '../../utils/db-engine'

// The "new coaching note" marker in a learner's navigation. A note a trainer leaves on an
// attempt or run is also marked in the learner's mailbox document (one per person, by _id),
// with the time up to which the learner has seen their notes: the navigation counts the
// notes after that time with one read by _id, and no query scans the attempts or runs.

/** The name of one note: which result it is on and when it was written. */
export const coachingRef = (kind: 'quiz' | 'scenario', id: string, at: Date) =>
  `${kind === 'quiz' ? 'quiz-attempt' : 'scenario-run'}:${id}@${new Date(at).toISOString()}`

/**
 * Marks a note for its learner, once per note: the filter expects no mark with this ref,
 * so a retried request (which finds the note already on the attempt) leaves one mark.
 */
export async function markCoachingNote(learner: Types.ObjectId | string, ref: string, at: Date) {
  try {
    await forWrites(MailboxModel).updateOne(
      { '_id': learner, 'coaching.ref': { $ne: ref } },
      { $push: { coaching: { ref, at } } },
      { upsert: true },
    )
  }
  catch (error) {
    // The mailbox exists and already holds this mark: the upsert's insert collided.
    if (!isDuplicateKey(error)) throw error
  }
}

/** How many of the person's notes came after the time they last saw their notes. */
export function unreadCoaching(box: { coaching?: { at: Date }[] | null, coachingSeenAt?: Date | null } | null | undefined): number {
  const seen = box?.coachingSeenAt ? new Date(box.coachingSeenAt).getTime() : -Infinity
  return (box?.coaching ?? []).filter(mark => new Date(mark.at).getTime() > seen).length
}

/** When the person last saw their notes (null: never). */
export async function coachingSeenAt(learner: Types.ObjectId | string): Promise<Date | null> {
  const box = await MailboxModel.findById(learner, { coachingSeenAt: 1 }).lean()
  return box?.coachingSeenAt ?? null
}

/**
 * The person has seen their notes up to `upTo` (the newest note the page showed them, so a
 * note that arrives meanwhile stays new). `$max` never moves the time back; never past now.
 */
export async function markCoachingSeen(learner: Types.ObjectId | string, upTo: Date, now: Date) {
  const at = upTo.getTime() > now.getTime() ? now : upTo
  try {
    await forWrites(MailboxModel).updateOne({ _id: learner }, { $max: { coachingSeenAt: at } }, { upsert: true })
  }
  catch (error) {
    // Two first marks at once: the other inserted the mailbox; this one now updates it.
    if (!isDuplicateKey(error)) throw error
    await forWrites(MailboxModel).updateOne({ _id: learner }, { $max: { coachingSeenAt: at } })
  }
}
