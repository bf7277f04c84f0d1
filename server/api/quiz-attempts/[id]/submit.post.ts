import { IdParams } from '#shared/schemas/learning'

// Grades on the server. Submitting twice (double click, retry, two tabs) grades once
// and returns the same result.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { id } = await getValidParams(event, IdParams)
  return submitAttempt(user, id)
})
