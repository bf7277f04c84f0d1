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

type CoachingBox = { coaching?: { ref: string, at: Date }[] | null, coachingSeen?: string[] | null, coachingSeenAt?: Date | null } | null | undefined

/**
 * Whether the person has opened this note: its ref is among those marked seen, or it is
 * no later than the seen-up-to time of mailboxes written before notes were marked one by one.
 */
export function coachingSeen(box: CoachingBox): (mark: { ref?: string, at: Date | string }) => boolean {
  const seen = new Set(box?.coachingSeen ?? [])
  const upTo = box?.coachingSeenAt ? new Date(box.coachingSeenAt).getTime() : -Infinity
  return mark => (mark.ref !== undefined && seen.has(mark.ref)) || new Date(mark.at).getTime() <= upTo
}

/** How many of the person's notes they have not opened yet. */
export function unreadCoaching(box: CoachingBox): number {
  const isSeen = coachingSeen(box)
  return (box?.coaching ?? []).filter(mark => !isSeen(mark)).length
}

/** The person's note marks and which they have seen (one read by _id). */
export async function coachingBox(learner: Types.ObjectId | string) {
  return MailboxModel.findById(learner, { coaching: 1, coachingSeen: 1, coachingSeenAt: 1 }).lean()
}

/**
 * The person has opened these notes (the refs a page showed them): those of their own notes
 * not yet seen are added to the seen list in one `$addToSet` with `$each`, so a retry or two
 * tabs add each once. Opening one note never marks another, older or newer; refs that are not
 * the person's notes are ignored, so the list holds only their own.
 */
export async function markCoachingSeen(learner: Types.ObjectId | string, refs: string[]) {
  const box = await coachingBox(learner)
  if (!box) return
  const isSeen = coachingSeen(box)
  const opened = new Set(refs)
  const newlySeen = (box.coaching ?? []).filter(mark => opened.has(mark.ref) && !isSeen(mark)).map(mark => mark.ref)
  if (newlySeen.length === 0) return
  await forWrites(MailboxModel).updateOne({ _id: learner }, { $addToSet: { coachingSeen: { $each: newlySeen } } })
}
