import { ScenarioParams } from '#shared/schemas/learning'

// Starts a role-play run (or resumes the one in progress); retrying after a finished run starts a new one.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { scenario } = await getValidParams(event, ScenarioParams)
  return startRun(user, scenario)
})
