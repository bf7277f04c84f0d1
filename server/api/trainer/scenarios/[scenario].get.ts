import { ScenarioParams } from '#shared/schemas/learning'

// Runs, pass rate, skill averages, choice counts and answer times, split by content version.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINERS)
  const { scenario: id } = await getValidParams(event, ScenarioParams)
  return scenarioAnalysis(await findScenario(id))
})
