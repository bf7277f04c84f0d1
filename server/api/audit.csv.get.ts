import { AuditCsvQuery } from '#shared/schemas/audit'

// The audit log as CSV: every entry matching the filters, newest first. "When" reads as on the
// page (the organisation's date format, in the reader's time zone the page passes as `tz`);
// the ISO column beside it is for sorting and for other programs.
export default defineEventHandler(async (event) => {
  const viewer = await requireRole(event, HR_STAFF)
  const { tz, ...filters } = await getValidQuery(event, AuditCsvQuery)
  const now = new Date()
  const rows = await auditExport(viewer, filters)
  return sendCsv(event, `audit-log-${csvDateStamp(now)}.csv`, [
    'When', 'When (ISO 8601, UTC)', 'Kind', 'Actor', 'Actor email', 'Person', 'Person email', 'What', 'Reason', 'Target',
  ], (async function* () {
    for await (const r of rows) {
      yield [formatDateTime(r.at, { timeZone: tz ?? 'UTC' }), r.at, r.kind, safeText(r.actor?.name), safeText(r.actor?.email), safeText(r.subject?.name), safeText(r.subject?.email), safeText(r.summary), safeText(r.reason), safeText(r.target)]
    }
  })())
})
