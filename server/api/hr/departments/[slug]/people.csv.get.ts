import { DepartmentFilters, DepartmentParams, HR_STATUS_LABELS } from '#shared/schemas/hr'

// The department table as CSV: every person matching the filters, in the table's order.
export default defineEventHandler(async (event) => {
  await requireRole(event, HR_STAFF)
  const { slug } = await getValidParams(event, DepartmentParams)
  const filters = await getValidQuery(event, DepartmentFilters)
  const now = new Date()
  const { department, people } = await departmentExport(slug, filters, now)
  return sendCsv(event, `${department.slug}-people-${csvDateStamp(now)}.csv`, [
    'Name', 'Email', 'Job role', 'Start date', 'Status', 'Progress (%)', 'Items done', 'Items required',
    'Due date', 'Certified until', 'Valid certificates', 'Assigned paths', 'Next certificate expiry',
  ], (async function* () {
    for (const p of people) {
      yield [
        safeText(p.name), safeText(p.email), safeText(p.jobRole), p.startDate, HR_STATUS_LABELS[p.status], p.progress, p.done, p.required,
        p.dueAt, p.certifiedUntil, p.certificates, p.paths, p.nextExpiry,
      ]
    }
  })())
})
