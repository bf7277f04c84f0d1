import { ListParams, ListQuery } from '#shared/schemas/hr'

// Lists HR acts on: overdue people, certificates expiring soon, recently certified.
export default defineEventHandler(async (event) => {
  await requireRole(event, HR_STAFF)
  const { list } = await getValidParams(event, ListParams)
  const query = await getValidQuery(event, ListQuery)
  return listReport(list, query, new Date())
})
