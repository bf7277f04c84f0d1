import { DepartmentParams, DepartmentQuery } from '#shared/schemas/hr'

// One department: its figures and a filtered, sorted page of its people.
export default defineEventHandler(async (event) => {
  await requireRole(event, HR_STAFF)
  const { slug } = await getValidParams(event, DepartmentParams)
  const query = await getValidQuery(event, DepartmentQuery)
  return departmentReport(slug, query, new Date())
})
