import { IdParams } from '#shared/schemas/learning'

export default defineEventHandler(async (event) => {
  const { id } = await getValidParams(event, IdParams)
  const { attempt, isOwner } = await findQuizAttempt(event, id)
  const { definition: quiz } = await findQuiz(attempt.quiz)
  return attemptViewFor(attempt, quiz, isOwner)
})
