import { AuditFilters } from '#shared/schemas/audit'

// The audit log as CSV: every entry matching the filters, newest first.
export default defineEventHandler(async (event) => {
  const viewer = await requireRole(event, HR_STAFF)
  const filters = await getValidQuery(event, AuditFilters)
  const now = new Date()
  const rows = await auditExport(viewer, filters)
  return sendCsv(event, `audit-log-${csvDateStamp(now)}.csv`, [
    'When (UTC)', 'Kind', 'Actor', 'Actor email', 'Person', 'Person email', 'What', 'Reason', 'Target',
  ], (async function* () {
    for await (const r of rows) {
      yield [r.at, r.kind, safeText(r.actor?.name), safeText(r.actor?.email), safeText(r.subject?.name), safeText(r.subject?.email), safeText(r.summary), safeText(r.reason), safeText(r.target)]
    }
  })())
})
