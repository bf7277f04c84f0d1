import { QuizParams } from '#shared/schemas/learning'
import type { QuizQuestion } from '#shared/schemas/content'
import type { QuizAnswer } from '#shared/schemas/learning'
import { QuizAttemptModel } from '../../../models/quiz-attempt'

const FIELDS = { user: 1, version: 1, score: 1, passed: 1, submittedAt: 1, draw: 1, answers: 1, results: 1 }

// Per-question statistics over every submitted attempt, split by content version.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINER_ROLES)
  const { quiz: id } = await getValidParams(event, QuizParams)
  const entry = await findQuiz(id)
  // Attempts on the current version are read against the current definition; older
  // ones need the questions they recorded when drawn.
  const [current, older] = await Promise.all([
    QuizAttemptModel.find({ quiz: id, version: entry.version, status: 'submitted' }, FIELDS).lean(),
    QuizAttemptModel.find({ quiz: id, version: { $ne: entry.version }, status: 'submitted' }, { ...FIELDS, snapshot: 1 }).lean(),
  ])
  const attempts = [...current, ...older].map(a => ({
    user: String(a.user),
    version: a.version,
    score: a.score ?? 0,
    passed: a.passed ?? false,
    submittedAt: a.submittedAt ?? null,
    draw: a.draw,
    answers: (a.answers ?? {}) as Record<string, QuizAnswer | null>,
    results: a.results,
    snapshot: 'snapshot' in a ? a.snapshot as QuizQuestion[] : undefined,
  }))
  return analyseQuiz(entry, attempts)
})
