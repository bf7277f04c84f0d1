import type { Types } from 'mongoose'
import type { LessonCompletionView } from '../../../shared/types/learning'
import { LessonCompletionModel } from '../../models/lesson-completion'
import type { CurrentUser } from '../../utils/auth'
import { withLearnerLock } from '../../utils/learner-lock'
import { getContentLibrary } from '../content/content-store'
import { getLearnerRecord, noteLesson } from './learner-record'
import { userObjectId } from './owned-records'
import { refreshLearner } from './refresh-learner'

/**
 * Marks a lesson read, once: the first date is kept. Call under the learner's lock; the
 * unique (user, course, lesson) index keeps a second process from adding another.
 */
export async function recordLesson(user: Types.ObjectId, course: string, lesson: string, at = new Date()): Promise<Date> {
  const known = (await getLearnerRecord(user)).lessons[`${course}/${lesson}`]
  if (known) return new Date(known)
  await LessonCompletionModel.create({ user, course, lesson, completedAt: at }).catch((error) => {
    if (!isDuplicateKey(error)) throw error
  })
  await noteLesson(user, course, lesson, at)
  return at
}

/** Event: the learner has read a lesson. Idempotent: the first reading's date is kept. */
export async function completeLesson(user: CurrentUser, course: string, lesson: string, now = new Date()): Promise<LessonCompletionView> {
  const library = await getContentLibrary()
  if (!library.lessons.some(l => l.course === course && l.slug === lesson)) {
    throw createError({ statusCode: 404, statusMessage: `Course "${course}" has no lesson "${lesson}".` })
  }
  const completedAt = await withLearnerLock(user.id, async () => {
    const at = await recordLesson(userObjectId(user), course, lesson, now)
    await refreshLearner(user.id)
    return at
  })
  return { course, lesson, completedAt: completedAt.toISOString() }
}
