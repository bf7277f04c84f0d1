import { QuizParams } from '#shared/schemas/learning'

// The quiz as a learner sees it before starting: rules, their attempts, what is allowed now.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { quiz: id } = await getValidParams(event, QuizParams)
  const { definition: quiz } = await findQuiz(id)
  const { attempts, policy, inProgress } = await loadPolicy(await getContentLibrary(), userObjectId(user), quiz, new Date())
  return {
    quiz: {
      id: quiz.id,
      title: quiz.title,
      description: quiz.description ?? null,
      course: quiz.course,
      questionCount: quiz.poolSize ?? quiz.questions.length,
      passMark: quiz.passMark,
      attemptLimit: quiz.attemptLimit,
      cooldownMinutes: quiz.cooldownMinutes,
    },
    attempts: attempts.map(a => ({ id: String(a._id), number: a.number, status: a.status, score: a.score ?? null, passed: a.passed ?? null, submittedAt: a.submittedAt ?? null })),
    inProgress: inProgress ? String(inProgress._id) : null,
    policy: { ...policy, blocked: policy.blocked?.message ?? null },
  }
})
