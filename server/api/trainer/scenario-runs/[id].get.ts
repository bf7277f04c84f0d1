import { IdParams } from '#shared/schemas/learning'
import { ScenarioRunModel } from '../../../models/scenario-run'

// One learner's role-play transcript as they see it, with who they are, for review.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINERS)
  const { id } = await getValidParams(event, IdParams)
  const run = await ScenarioRunModel.findById(id).lean()
  if (!run) throw createError({ statusCode: 404, statusMessage: 'There is no such role-play run.' })
  const { definition: scenario, version } = await findScenario(run.scenario)
  return { learner: await learnerOf(run.user), currentVersion: version === run.version, earlierVersion: await earlierVersionOf('scenario', run.scenario, run.version, version), run: runView(run, scenario) }
})
