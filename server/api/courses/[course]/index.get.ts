import { CourseParams } from '#shared/schemas/course'

export default defineEventHandler(async (event) => {
  await requireContentReader(event)
  const { course } = await getValidParams(event, CourseParams)
  const detail = courseDetail(await getContentLibrary(), course)
  if (!detail) throw createError({ statusCode: 404, statusMessage: `There is no course "${course}".` })
  return detail
})
