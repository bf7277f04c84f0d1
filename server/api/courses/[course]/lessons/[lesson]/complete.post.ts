import { LessonParams } from '#shared/schemas/course'

// Marks a lesson read. Idempotent: the first completion's date is kept.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { course, lesson } = await getValidParams(event, LessonParams)
  const library = await getContentLibrary()
  if (!library.lessons.some(l => l.course === course && l.slug === lesson)) {
    throw createError({ statusCode: 404, statusMessage: `Course "${course}" has no lesson "${lesson}".` })
  }
  const completedAt = await withLearnerLock(user.id, async () => {
    const at = await completeLesson(userObjectId(user), course, lesson)
    await refreshLearner(user.id)
    return at
  })
  return { course, lesson, completedAt }
})
