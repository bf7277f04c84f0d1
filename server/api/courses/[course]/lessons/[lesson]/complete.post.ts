import { LessonParams } from '#shared/schemas/course'

// Marks a lesson read, once the reading floor has passed since it was opened. Idempotent:
// the first completion's date is kept.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { course, lesson } = await getValidParams(event, LessonParams)
  const entry = (await getContentLibrary()).lessons.find(l => l.course === course && l.slug === lesson)
  if (!entry) throw createError({ statusCode: 404, statusMessage: `Course "${course}" has no lesson "${lesson}".` })
  const floor = { minutes: entry.minutes, percent: Number(useRuntimeConfig(event).readingFloorPercent) }
  const completedAt = await withLearnerLock(user.id, async () => {
    const at = await completeLesson(userObjectId(user), course, lesson, floor)
    await refreshLearner(user.id)
    return at
  })
  return { course, lesson, completedAt }
})
