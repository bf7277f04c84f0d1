import type { Types } from 'mongoose'
import type { LessonCompletionView } from '../../../shared/types/learning'
import { LessonCompletionModel } from '../../models/lesson-completion'
import type { CurrentUser } from '../../utils/auth'
import { forWrites } from '../../utils/db-engine'
import { getContentLibrary } from '../content/content-store'
import { getLearnerRecord, noteLesson } from './learner-record'
import { userObjectId } from './owned-records'
import { refreshLearner } from './refresh-learner'

/**
 * Marks a lesson read, once: the first date is kept. The completion's _id (and the unique
 * (user, course, lesson) index) admits one document however many requests race; each
 * of them then notes that document's date ($min), so a retry after a cut-off request
 * completes the fact and every answer gives the same date.
 */
export async function recordLesson(user: Types.ObjectId, course: string, lesson: string, at = new Date()): Promise<Date> {
  const known = (await getLearnerRecord(user)).lessons[`${course}/${lesson}`]
  if (known) return new Date(known)
  const _id = `${user}:${course}/${lesson}`
  let first = at
  try {
    await forWrites(LessonCompletionModel).create({ _id, user, course, lesson, completedAt: at })
  }
  catch (error) {
    if (!isDuplicateKey(error)) throw error
    // Another request (or an earlier, cut-off one) read it first: its date is the one kept.
    const existing = await LessonCompletionModel.findById(_id).lean() ?? await LessonCompletionModel.findOne({ user, course, lesson }).lean()
    if (existing) first = existing.completedAt
  }
  return noteLesson(user, course, lesson, first)
}

/** Event: the learner has read a lesson. Idempotent: the first reading's date is kept. */
export async function completeLesson(user: CurrentUser, course: string, lesson: string, now = new Date()): Promise<LessonCompletionView> {
  const library = await getContentLibrary()
  if (!library.lessons.some(l => l.course === course && l.slug === lesson)) {
    throw createError({ statusCode: 404, statusMessage: `Course "${course}" has no lesson "${lesson}".` })
  }
  const completedAt = await recordLesson(userObjectId(user), course, lesson, now)
  await refreshLearner(user.id)
  return { course, lesson, completedAt: completedAt.toISOString() }
}
