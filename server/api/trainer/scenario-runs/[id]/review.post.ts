import { IdParams } from '#shared/schemas/learning'
import { RunReviewBody } from '#shared/schemas/trainer'

// A trainer's scorecard on a finished run with written replies: the result is final once reviewed.
export default defineEventHandler(async (event) => {
  const user = await requireRole(event, TRAINERS)
  const { id } = await getValidParams(event, IdParams)
  const body = await readValidBody(event, RunReviewBody)
  const { run, repeated } = await reviewRun(user, id, body)
  setResponseStatus(event, repeated ? 200 : 201)
  const { definition: scenario, version } = await findScenario(run.scenario)
  return { learner: await learnerOf(run.user), currentVersion: version === run.version, earlierVersion: await earlierVersionOf('scenario', run.scenario, run.version, version), run: runView(run, scenario) }
})
