import type { QuizQuestion } from '#shared/schemas/content'
import { IdParams, SaveAnswersBody } from '#shared/schemas/learning'
import { QuizAttemptModel } from '../../../models/quiz-attempt'

// Saves answers as the learner goes, so a reload or a lost connection loses nothing.
export default defineEventHandler(async (event) => {
  const { id } = await getValidParams(event, IdParams)
  const { answers } = await readValidBody(event, SaveAnswersBody)
  const user = await requireUser(event)
  return withLearnerLock(user.id, async () => {
    const { attempt } = await findQuizAttempt(event, id, { forReview: false })
    if (attempt.status !== 'in-progress') {
      throw createError({ statusCode: 409, statusMessage: 'This attempt has been submitted; its answers can no longer change.' })
    }
    const questions = attempt.snapshot as QuizQuestion[]
    const $set: Record<string, unknown> = {}
    const fields: FieldError[] = []
    for (const [questionId, answer] of Object.entries(answers)) {
      const question = questions.find(q => q.id === questionId)
      if (!question) fields.push({ field: `answers.${questionId}`, message: 'is not a question of this attempt' })
      else if (answer !== null && !answerFits(question, answer)) fields.push({ field: `answers.${questionId}`, message: `is not a valid answer to a ${question.type} question` })
      else $set[`answers.${questionId}`] = answer
    }
    if (fields.length) {
      throw invalidFields('body', fields)
    }
    // Under the learner's lock, the attempt can't be submitted between the check and the write.
    await QuizAttemptModel.updateOne({ _id: attempt._id }, { $set })
    const stored = { ...(attempt.answers as Record<string, unknown> ?? {}), ...Object.fromEntries(Object.entries($set).map(([k, v]) => [k.slice('answers.'.length), v])) }
    return { saved: Object.keys($set).length, answers: stored }
  })
})
