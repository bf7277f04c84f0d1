import { IdParams, ScenarioStepBody } from '#shared/schemas/learning'

// The learner's reply at the current node: the server records it, times it, and
// answers with the feedback and the customer's next line.
export default defineEventHandler(async (event) => {
  const { id } = await getValidParams(event, IdParams)
  const { node, choice } = await readValidBody(event, ScenarioStepBody)
  const user = await requireUser(event)
  const { run } = await findScenarioRun(event, id, { forReview: false })
  const { definition: scenario, version } = await findScenario(run.scenario)
  // One learner's replies are applied one at a time: a doubled reply is recognised, not applied twice.
  const outcome = await withLearnerLock(user.id, async () => {
    const { run: current } = await findScenarioRun(event, id, { forReview: false })
    return takeStep(current, scenario, version, node, choice)
  })
  switch (outcome.kind) {
    case 'not-offered':
      throw createError({ statusCode: 400, statusMessage: `Invalid body: choice: "${choice}" is not one of the replies offered at this point`, data: { fields: [{ field: 'choice', message: 'is not one of the replies offered at this point' }] } })
    case 'out-of-step':
      throw createError({ statusCode: 409, statusMessage: 'This conversation has moved on since; reload to see where it is.' })
    case 'outdated':
      throw createError({ statusCode: 409, statusMessage: 'This role-play was updated since you started it; start it again to play the new version.' })
  }
  if (outcome.run.status === 'completed') await refreshLearner(user.id)
  const step = outcome.run.steps.find(s => s.node === node)!
  return { step: { reply: step.reply, feedback: step.feedback }, run: runView(outcome.run, scenario) }
})
