import { IdParams } from '#shared/schemas/learning'

// One learner's attempt as they see it, with who they are, for a trainer reviewing it.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINERS)
  const { id } = await getValidParams(event, IdParams)
  return trainerAttemptView(id)
})
