import { ScenarioParams } from '#shared/schemas/learning'

// Starts a role-play run (or resumes the one in progress); retrying after a finished run starts a new one.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { scenario: id } = await getValidParams(event, ScenarioParams)
  const { definition: scenario, version } = await findScenario(id)
  return runView(await withLearnerLock(user.id, () => startRun(userObjectId(user), scenario, version)), scenario)
})
