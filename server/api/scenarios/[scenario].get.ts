import { ScenarioParams } from '#shared/schemas/learning'

// The role-play as a learner sees it before starting, with their earlier runs.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { scenario: id } = await getValidParams(event, ScenarioParams)
  const { definition: scenario } = await findScenario(id)
  const { runs, policy } = await loadRunPolicy(await getContentLibrary(), userObjectId(user), scenario, new Date())
  return {
    scenario: {
      id: scenario.id,
      title: scenario.title,
      course: scenario.course,
      channel: scenario.channel,
      summary: scenario.summary,
      persona: scenario.persona,
      skills: Object.keys(scenario.passThresholds),
      attemptLimit: scenario.attemptLimit ?? null,
      cooldownMinutes: scenario.cooldownMinutes ?? 0,
    },
    runs: runs.map(r => ({ id: String(r._id), number: r.number, status: r.status, passed: r.passed ?? null, completedAt: r.completedAt ?? null })),
    inProgress: runs.find(r => r.status === 'in-progress')?._id ?? null,
    policy: { ...policy, blocked: policy.blocked?.message ?? null },
  }
})
