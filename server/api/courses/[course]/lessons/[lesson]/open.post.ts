import { LessonParams } from '#shared/schemas/course'

// Notes that the learner opened the lesson: the reading floor counts from the first opening.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { course, lesson } = await getValidParams(event, LessonParams)
  return openLesson(user, course, lesson)
})
