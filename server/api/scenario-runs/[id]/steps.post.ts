import { IdParams, ScenarioStepBody } from '#shared/schemas/learning'

// The learner's reply at the current node: the server records it, times it, and
// answers with the feedback and the customer's next line.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { id } = await getValidParams(event, IdParams)
  const body = await readValidBody(event, ScenarioStepBody)
  return takeStep(user, id, body.node, 'choice' in body ? { choice: body.choice } : { text: body.text })
})
