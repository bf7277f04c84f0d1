import { QuizParams } from '#shared/schemas/learning'

// Starts an attempt (or resumes the one in progress): the server draws the questions.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { quiz } = await getValidParams(event, QuizParams)
  return startAttempt(user, quiz)
})
