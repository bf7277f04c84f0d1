import { QuizParams } from '#shared/schemas/learning'
import type { QuizQuestion } from '#shared/schemas/content'
import type { QuizAnswer } from '#shared/schemas/learning'

// Per-question statistics over every submitted attempt, split by content version.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINER_ROLES)
  const { quiz: id } = await getValidParams(event, QuizParams)
  const entry = await findQuiz(id)
  const attempts = (await quizAttemptsForAnalysis(id)).map(a => ({
    user: String(a.user),
    version: a.version,
    score: a.score ?? 0,
    passed: a.passed ?? false,
    submittedAt: a.submittedAt ?? null,
    draw: a.draw,
    answers: (a.answers ?? {}) as Record<string, QuizAnswer | null>,
    results: a.results,
    // Older versions are read with the questions as they were drawn.
    snapshot: a.version === entry.version ? undefined : a.snapshot as QuizQuestion[],
  }))
  return analyseQuiz(entry, attempts)
})
