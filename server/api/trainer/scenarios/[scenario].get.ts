import type { Skill } from '#shared/schemas/content'
import { ScenarioParams } from '#shared/schemas/learning'

// Runs, pass rate, skill averages, choice counts and answer times, split by content version.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINER_ROLES)
  const { scenario: id } = await getValidParams(event, ScenarioParams)
  const entry = await findScenario(id)
  const runs = await scenarioRunsForAnalysis(id)
  return analyseScenario(entry, runs.map(r => ({
    user: String(r.user),
    version: r.version,
    status: r.status as 'in-progress' | 'completed' | 'abandoned',
    passed: r.passed ?? null,
    result: r.result ?? null,
    completedAt: r.completedAt ?? null,
    scores: (r.scores ?? {}) as Partial<Record<Skill, number>>,
    steps: r.steps,
  })))
})
