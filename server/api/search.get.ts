import { SearchQuery } from '#shared/schemas/search'

// Whoever may read the courses may search them.
export default defineEventHandler(async (event) => {
  await requireContentReader(event)
  const { q } = await getValidQuery(event, SearchQuery)
  return searchContent(event, q)
})
