import { LessonParams } from '#shared/schemas/course'

// Notes that the learner opened the lesson: the reading floor counts from the first opening.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { course, lesson } = await getValidParams(event, LessonParams)
  const entry = (await getContentLibrary()).lessons.find(l => l.course === course && l.slug === lesson)
  if (!entry) throw createError({ statusCode: 404, statusMessage: `Course "${course}" has no lesson "${lesson}".` })
  const { openedAt, completedAt } = await openLesson(userObjectId(user), course, lesson)
  const floorMs = readingFloorMs(entry.minutes, Number(useRuntimeConfig(event).readingFloorPercent))
  return { course, lesson, openedAt, completedAt, readableAt: new Date(openedAt.getTime() + floorMs) }
})
