import { QuizParams } from '#shared/schemas/learning'

// Per-question statistics over every submitted attempt, split by content version.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINERS)
  const { quiz: id } = await getValidParams(event, QuizParams)
  const entry = await findQuiz(id)
  return analyseQuiz(entry, await quizAttemptsForAnalysis(id))
})
