import { ScenarioParams } from '#shared/schemas/learning'

// The whole role-play, routes, scores and feedback included, for the browser to step
// through as a learner would; nothing is recorded.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINERS)
  const { scenario: id } = await getValidParams(event, ScenarioParams)
  const { definition: scenario, version, file } = await findScenario(id)
  return {
    scenario: {
      id: scenario.id,
      title: scenario.title,
      course: scenario.course,
      channel: scenario.channel,
      summary: scenario.summary,
      persona: scenario.persona,
      start: scenario.start,
      passThresholds: scenario.passThresholds,
      maxScores: scenarioMaxScores(scenario),
      version,
      file,
    },
    nodes: scenario.nodes,
  }
})
