import { IdParams } from '#shared/schemas/learning'
import { QuizAttemptModel } from '../../../models/quiz-attempt'

// Grades on the server. Submitting twice (double click, retry, two tabs) grades once
// and returns the same result: submissions of one learner are handled one at a time.
export default defineEventHandler(async (event) => {
  const { id } = await getValidParams(event, IdParams)
  const user = await requireUser(event)
  return withLearnerLock(user.id, async () => {
    const { attempt } = await findQuizAttempt(event, id, { forReview: false })
    const { definition: quiz } = await findQuiz(attempt.quiz)
    let graded = attempt
    if (attempt.status === 'in-progress') {
      const result = gradeStoredAttempt(attempt, quiz)
      const submittedAt = new Date()
      await QuizAttemptModel.updateOne({ _id: attempt._id }, {
        $set: { status: 'submitted', submittedAt, score: result.score, correct: result.correct, total: result.total, passed: result.passed, results: result.results },
      })
      graded = (await QuizAttemptModel.findById(attempt._id).lean())!
    }
    // Noted again on a repeated submit, so a request cut off after grading still lands.
    await noteFacts(user.id, { [`quizAttempts.${graded._id}`]: { quiz: graded.quiz, number: graded.number, status: 'submitted', startedAt: graded.startedAt, submittedAt: graded.submittedAt, passed: graded.passed, score: graded.score } })
    await refreshLearner(user.id)
    return attemptViewFor(graded, quiz, true)
  })
})
