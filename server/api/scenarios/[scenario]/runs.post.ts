import { ScenarioParams } from '#shared/schemas/learning'

// Starts a role-play run (or resumes the one in progress); retrying after a finished run starts a new one.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { scenario: id } = await getValidParams(event, ScenarioParams)
  const { definition: scenario, version } = await findScenario(id)
  const run = await withLearnerLock(user.id, async () => startRun(await getContentLibrary(), userObjectId(user), scenario, version))
  return runViewFor(run, scenario, true)
})
