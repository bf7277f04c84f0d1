import { IdParams, ScenarioStepBody } from '#shared/schemas/learning'

// The learner's reply at the current node: the server records it, times it, and
// answers with the feedback and the customer's next line.
export default defineEventHandler(async (event) => {
  const { id } = await getValidParams(event, IdParams)
  const { node, choice } = await readValidBody(event, ScenarioStepBody)
  const user = await requireUser(event)
  // One learner's replies are applied one at a time: a doubled reply is recognised, not applied twice.
  const { outcome, scenario } = await withLearnerLock(user.id, async () => {
    const { run } = await findScenarioRun(event, id, { forReview: false })
    const { definition: scenario, version } = await findScenario(run.scenario)
    return { outcome: await takeStep(run, scenario, version, node, choice), scenario }
  })
  switch (outcome.kind) {
    case 'not-offered':
      throw invalidField('body', 'choice', `"${choice}" is not one of the replies offered at this point`)
    case 'out-of-step':
      throw createError({ statusCode: 409, statusMessage: 'This conversation has moved on since; reload to see where it is.' })
    case 'outdated':
      throw createError({ statusCode: 409, statusMessage: 'This role-play was updated since you started it; start it again to play the new version.' })
  }
  if (outcome.run.status === 'completed') await refreshLearner(user.id)
  const step = outcome.run.steps.find(s => s.node === node)!
  return { step: { reply: step.reply, feedback: step.feedback }, run: await runViewFor(outcome.run, scenario, true) }
})
