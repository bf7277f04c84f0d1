import { IdParams } from '#shared/schemas/learning'

export default defineEventHandler(async (event) => {
  const { id } = await getValidParams(event, IdParams)
  const { run, isOwner } = await findScenarioRun(event, id)
  const { definition: scenario } = await findScenario(run.scenario)
  return runViewFor(run, scenario, isOwner)
})
