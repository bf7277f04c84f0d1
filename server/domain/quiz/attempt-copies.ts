import type { Types } from 'mongoose'
import type { QuizAttemptDoc as AttemptDoc } from '../../models/quiz-attempt'

// The attempt as this process last wrote it (inserted at start, returned by a save's
// conditional write), so the save and the submission that follow in the same process need
// not read it again (docs/decisions.md, "A save and a submission start from the copy the
// process wrote"). A hint, never a source of truth: the write that uses it carries in its
// filter the state the copy says (the learner, in progress, the quiz and version, and for a
// grade the answers' revision), so a stale copy matches nothing and the caller reads the
// attempt, as it does when the copy is missing (another process, a restart, an old entry).

// A learner's attempt is in progress for minutes; this many covers every learner of a busy
// process many times over, at about 1 KB each.
const LIMIT = 5000
const copies = new Map<string, AttemptDoc>()

export function keepCopy(attempt: AttemptDoc) {
  const key = String(attempt._id)
  const known = copies.get(key)
  // Saves at once may come back out of order: the copy of the latest revision stays.
  if (attempt.status === 'in-progress' && known && (known.answersRev ?? 0) > (attempt.answersRev ?? 0)) return
  copies.delete(key)
  if (attempt.status !== 'in-progress') return
  copies.set(key, attempt)
  if (copies.size > LIMIT) copies.delete(copies.keys().next().value!)
}

/** The copy of the learner's attempt in progress, if this process wrote it last. */
export function copyOf(id: string, user: string): AttemptDoc | null {
  const copy = copies.get(id)
  return copy && String(copy.user) === user ? copy : null
}

export const dropCopy = (id: Types.ObjectId | string) => copies.delete(String(id))
