import { ScenarioParams } from '#shared/schemas/learning'

// The whole role-play, routes, scores and feedback included, for the browser to step
// through as a learner would; nothing is recorded.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINERS)
  const { scenario } = await getValidParams(event, ScenarioParams)
  return publishedScenarioPreview(await findScenario(scenario))
})
