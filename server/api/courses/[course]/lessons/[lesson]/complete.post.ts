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
  const key = { user: userObjectId(user), course, lesson }
  // Two racing upserts may both try to insert; the unique index lets one win and the
  // other reads what it wrote.
  const completion = await LessonCompletionModel.findOneAndUpdate(key, { $setOnInsert: { completedAt: new Date() } }, { upsert: true, returnDocument: 'after' }).lean()
    .catch(async (error) => {
      if ((error as { code?: number }).code !== 11000) throw error
      return LessonCompletionModel.findOne(key).lean()
    })
  await refreshLearner(user.id)
  return { course, lesson, completedAt: completion!.completedAt }
})
