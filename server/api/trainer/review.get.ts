import { ReviewQuery } from '#shared/schemas/trainer'

// Recently finished quiz attempts and role-play runs, newest first, for review and coaching.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINERS)
  const query = await getValidQuery(event, ReviewQuery)
  return reviewList(query)
})
