import { LessonParams } from '#shared/schemas/course'

// The signed-in learner's own part of a lesson page (the page itself is shared).
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { course, lesson } = await getValidParams(event, LessonParams)
  return lessonProgress(user.id, course, lesson)
})
