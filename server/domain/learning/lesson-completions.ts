import type { Types } from 'mongoose'
import { LearnerRecordModel } from '../../models/learner-record'
import { LessonCompletionModel } from '../../models/lesson-completion'
import { asObjectId, getLearnerRecord, noteFacts } from './learner-record'

// Reading that counts: the server notes when a learner first opens a lesson, and accepts
// "read" only once a floor derived from the lesson's estimated minutes has passed since
// (runtime config readingFloorPercent, 30 % by default; NUXT_READING_FLOOR_PERCENT).

/** How long a lesson must be open before it may be marked read. */
export const readingFloorMs = (minutes: number, percent: number) => Math.round(minutes * 60_000 * Math.max(0, percent) / 100)

/** Time left before `at` reaches the floor (0 when reached); pure. */
export function readingTimeLeft(openedAt: Date | null | undefined, at: Date, floorMs: number) {
  if (floorMs <= 0) return 0
  if (!openedAt) return floorMs
  return Math.max(0, openedAt.getTime() + floorMs - at.getTime())
}

/** "1 min 20 s", "45 s" */
export function describeDuration(ms: number) {
  const seconds = Math.ceil(ms / 1000)
  const minutes = Math.floor(seconds / 60)
  const rest = seconds % 60
  return minutes ? `${minutes} min${rest ? ` ${rest} s` : ''}` : `${rest} s`
}

/** Notes the first opening of a lesson (a later opening keeps the first: $min). */
export async function openLesson(user: Types.ObjectId | string, course: string, lesson: string, at = new Date()) {
  const key = `${course}/${lesson}`
  await LearnerRecordModel.updateOne({ _id: asObjectId(user) }, { $min: { [`lessonOpens.${key}`]: at } }, { upsert: true, strict: false })
  const record = await getLearnerRecord(user)
  return { openedAt: new Date(record.lessonOpens[key] ?? at), completedAt: record.lessons[key] ? new Date(record.lessons[key]) : null }
}

/**
 * Marks a lesson read, once: the first date is kept. Refused (409, with the time left)
 * before the reading floor has passed since the learner opened it. Call under the
 * learner's lock; the unique (user, course, lesson) index keeps a second process from
 * adding another.
 */
export async function completeLesson(user: Types.ObjectId, course: string, lesson: string, floor: { minutes: number, percent: number }, at = new Date()): Promise<Date> {
  const key = `${course}/${lesson}`
  const record = await getLearnerRecord(user)
  const known = record.lessons[key]
  if (known) return new Date(known)
  const opened = record.lessonOpens[key] ? new Date(record.lessonOpens[key]) : null
  const left = readingTimeLeft(opened, at, readingFloorMs(floor.minutes, floor.percent))
  if (left > 0) {
    throw createError({
      statusCode: 409,
      statusMessage: opened
        ? `Keep reading: this lesson takes about ${floor.minutes} minutes, so you can mark it read in ${describeDuration(left)}.`
        : `Open the lesson and read it first: you can mark it read ${describeDuration(left)} after opening it.`,
      data: { msLeft: left, field: 'lesson' },
    })
  }
  await LessonCompletionModel.create({ user, course, lesson, completedAt: at }).catch((error) => {
    if (!isDuplicateKey(error)) throw error
  })
  await noteFacts(user, { [`lessons.${key}`]: at })
  return at
}
