import { QuizParams } from '#shared/schemas/learning'

// The whole question bank as a learner would see it (options shuffled), with the keys
// and explanations trainers wrote: the browser runs the preview, nothing is recorded.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINERS)
  const { quiz } = await getValidParams(event, QuizParams)
  return publishedQuizPreview(await findQuiz(quiz))
})
