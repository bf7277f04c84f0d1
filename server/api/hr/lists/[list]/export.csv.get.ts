import { ListFilters, ListParams } from '#shared/schemas/hr'

// One action list as CSV, every row matching the filters.
export default defineEventHandler(async (event) => {
  await requireRole(event, HR_STAFF)
  const { list } = await getValidParams(event, ListParams)
  const filters = await getValidQuery(event, ListFilters)
  const now = new Date()
  const rows = await listExport(list, filters, now)
  const certificates = list !== 'overdue'
  return sendCsv(event, `${list}-${csvDateStamp(now)}.csv`, [
    'Name', 'Email', 'Department', 'Job role', 'Start date', 'Progress (%)', 'Due date',
    ...(certificates ? ['Path', 'Certificate code', 'Issued', 'Expires'] : []),
  ], (async function* () {
    for (const r of rows) {
      yield [
        safeText(r.name), safeText(r.email), safeText(r.department?.name), safeText(r.jobRole), r.startDate, r.progress, r.dueAt,
        ...(certificates ? [safeText(r.path), r.certificate?.code, r.certificate?.issuedAt, r.certificate?.expiresAt] : []),
      ]
    }
  })())
})
