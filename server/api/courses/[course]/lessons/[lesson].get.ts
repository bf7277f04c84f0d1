import { LessonParams } from '#shared/schemas/course'

// The lesson as every reader sees it; the reader's own part is /progress.
export default defineEventHandler(async (event) => {
  await requireContentReader(event)
  const { course, lesson } = await getValidParams(event, LessonParams)
  return lessonView(event, course, lesson)
})
