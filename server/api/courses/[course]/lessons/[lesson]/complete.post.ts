import { LessonParams } from '#shared/schemas/course'

// Marks a lesson read. Idempotent: the first completion's date is kept.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { course, lesson } = await getValidParams(event, LessonParams)
  return completeLesson(user, course, lesson)
})
