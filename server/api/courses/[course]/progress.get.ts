import { CourseParams } from '#shared/schemas/course'

// The signed-in learner's own part of a course page (the course itself may be public).
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { course } = await getValidParams(event, CourseParams)
  return courseProgress(user.id, course)
})
