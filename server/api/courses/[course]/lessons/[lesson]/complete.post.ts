import { LessonParams } from '#shared/schemas/course'
import { LessonCompletionModel } from '../../../../../models/lesson-completion'

// Marks a lesson read. Idempotent: the first completion's date is kept.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { course, lesson } = await getValidParams(event, LessonParams)
  const library = await getContentLibrary()
  if (!library.lessons.some(l => l.course === course && l.slug === lesson)) {
    throw createError({ statusCode: 404, statusMessage: `Course "${course}" has no lesson "${lesson}".` })
  }
  const completion = await LessonCompletionModel.findOneAndUpdate(
    { user: userObjectId(user), course, lesson },
    { $setOnInsert: { completedAt: new Date() } },
    { upsert: true, returnDocument: 'after' },
  ).lean()
  await refreshLearner(user.id)
  return { course, lesson, completedAt: completion!.completedAt }
})
