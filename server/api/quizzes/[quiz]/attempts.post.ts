import { QuizParams } from '#shared/schemas/learning'

// Starts an attempt (or resumes the one in progress): the server draws the questions.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { quiz: id } = await getValidParams(event, QuizParams)
  const { definition: quiz, version } = await findQuiz(id)
  const attempt = await withLearnerLock(user.id, async () => startAttempt(await getContentLibrary(), userObjectId(user), quiz, version))
  return attemptViewFor(attempt, quiz, true)
})
