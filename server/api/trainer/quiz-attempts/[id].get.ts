import { IdParams } from '#shared/schemas/learning'
import { QuizAttemptModel } from '../../../models/quiz-attempt'

// One learner's attempt as they see it, with who they are, for a trainer reviewing it.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINERS)
  const { id } = await getValidParams(event, IdParams)
  const attempt = await QuizAttemptModel.findById(id).lean()
  if (!attempt) throw createError({ statusCode: 404, statusMessage: 'There is no such quiz attempt.' })
  const { definition: quiz, version } = await findQuiz(attempt.quiz)
  return { learner: await learnerOf(attempt.user), currentVersion: version === attempt.version, earlierVersion: await earlierVersionOf('quiz', attempt.quiz, attempt.version, version), attempt: attemptView(attempt, quiz) }
})
