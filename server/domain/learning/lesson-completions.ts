import type { Types } from 'mongoose'
import type { LessonCompletionView, LessonOpenedView } from '../../../shared/types/learning'
import { LessonCompletionModel } from '../../models/lesson-completion'
import type { CurrentUser } from '../../utils/auth'
import { forWrites } from '../../utils/db-engine'
import { getContentLibrary } from '../content/content-store'
import { getLearnerRecord, noteLesson, noteLessonOpened } from './learner-record'
import { userObjectId } from './owned-records'
import { refreshLearner } from './refresh-learner'

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

const floorPercent = () => Number(useRuntimeConfig().readingFloorPercent ?? 30)

async function findLesson(course: string, lesson: string) {
  const entry = (await getContentLibrary()).lessons.find(l => l.course === course && l.slug === lesson)
  if (!entry) throw createError({ statusCode: 404, statusMessage: `Course "${course}" has no lesson "${lesson}".` })
  return entry
}

/**
 * Marks a lesson read, once: the first date is kept. With a floor, refused (409, with the
 * time left) until the floor has passed since the learner first opened it. The completion's
 * _id (and the unique (user, course, lesson) index) admits one document however many
 * requests race; each of them then notes that document's date ($min), so a retry after a
 * cut-off request completes the fact and every answer gives the same date.
 */
export async function recordLesson(user: Types.ObjectId, course: string, lesson: string, at = new Date(), floor?: { minutes: number, percent: number }): Promise<Date> {
  const key = `${course}/${lesson}`
  const record = await getLearnerRecord(user)
  const known = record.lessons[key]
  if (known) return new Date(known)
  if (floor) {
    const opened = record.lessonOpens[key] ? new Date(record.lessonOpens[key]) : null
    const left = readingTimeLeft(opened, at, readingFloorMs(floor.minutes, floor.percent))
    if (left > 0) {
      throw createError({
        statusCode: 409,
        statusMessage: opened
          ? `Keep reading: this lesson takes about ${floor.minutes} minutes, so you can mark it read in ${describeDuration(left)}.`
          : `Open the lesson and read it first: you can mark it read ${describeDuration(left)} after opening it.`,
        data: { msLeft: left },
      })
    }
  }
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

/** Event: the learner opens a lesson; the reading floor counts from the first opening. */
export async function openLesson(user: CurrentUser | { id: string }, course: string, lesson: string, now = new Date()): Promise<LessonOpenedView> {
  const entry = await findLesson(course, lesson)
  await noteLessonOpened(user.id, course, lesson, now)
  const record = await getLearnerRecord(user.id)
  const key = `${course}/${lesson}`
  const openedAt = new Date(record.lessonOpens[key] ?? now)
  const completedAt = record.lessons[key] ? new Date(record.lessons[key]).toISOString() : null
  return { course, lesson, openedAt: openedAt.toISOString(), readableAt: new Date(openedAt.getTime() + readingFloorMs(entry.minutes, floorPercent())).toISOString(), completedAt }
}

/** Event: the learner has read a lesson. Idempotent: the first reading's date is kept. */
export async function completeLesson(user: CurrentUser, course: string, lesson: string, now = new Date()): Promise<LessonCompletionView> {
  const entry = await findLesson(course, lesson)
  const completedAt = await recordLesson(userObjectId(user), course, lesson, now, { minutes: entry.minutes, percent: floorPercent() })
  await refreshLearner(user.id)
  return { course, lesson, completedAt: completedAt.toISOString() }
}
