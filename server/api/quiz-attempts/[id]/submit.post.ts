import { IdParams } from '#shared/schemas/learning'
import { QuizAttemptModel } from '../../../models/quiz-attempt'

// Grades on the server. Submitting twice (double click, retry, two tabs) grades once
// and returns the same result.
export default defineEventHandler(async (event) => {
  const { id } = await getValidParams(event, IdParams)
  const { attempt, user } = await findQuizAttempt(event, id, { forReview: false })
  const { definition: quiz } = await findQuiz(attempt.quiz)
  let graded = attempt
  if (attempt.status === 'in-progress') {
    const result = gradeStoredAttempt(attempt, quiz)
    graded = await QuizAttemptModel.findOneAndUpdate(
      { _id: attempt._id, status: 'in-progress' },
      { $set: { status: 'submitted', submittedAt: new Date(), score: result.score, correct: result.correct, total: result.total, passed: result.passed, results: result.results } },
      { returnDocument: 'after' },
    ).lean() ?? (await QuizAttemptModel.findById(attempt._id).lean())!
  }
  await refreshLearner(user.id)
  return attemptView(graded, quiz)
})
