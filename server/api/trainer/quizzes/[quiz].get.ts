import { QuizParams } from '#shared/schemas/learning'

// Per-question statistics split by content version, from the running sums each
// submission keeps up to date (no attempt is read).
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINERS)
  const { quiz: id } = await getValidParams(event, QuizParams)
  return quizAnalysis(await findQuiz(id))
})
