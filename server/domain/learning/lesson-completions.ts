import type { Types } from 'mongoose'
import { LessonCompletionModel } from '../../models/lesson-completion'
import { getLearnerRecord, noteFacts } from './learner-record'

/**
 * Marks a lesson read, once: the first date is kept. Call under the learner's lock; the
 * unique (user, course, lesson) index keeps a second process from adding another.
 */
export async function completeLesson(user: Types.ObjectId, course: string, lesson: string, at = new Date()): Promise<Date> {
  const key = `${course}/${lesson}`
  const known = (await getLearnerRecord(user)).lessons[key]
  if (known) return new Date(known)
  await LessonCompletionModel.create({ user, course, lesson, completedAt: at }).catch((error) => {
    if (!isDuplicateKey(error)) throw error
  })
  await noteFacts(user, { [`lessons.${key}`]: at })
  return at
}
