import { OverviewQuery } from '#shared/schemas/hr'

// The overview's department table as CSV, with the organisation totals as the last row.
export default defineEventHandler(async (event) => {
  await requireRole(event, HR_STAFF)
  const query = await getValidQuery(event, OverviewQuery)
  const now = new Date()
  const report = await overviewReport(now, 4, resolvePeriod(query, now))
  const percent = (n: number, of: number) => (of ? Math.round((n / of) * 100) : 0)
  const row = (slug: string, name: string, f: typeof report.totals) => [
    slug, safeText(name), f.headcount, f.onboarded, percent(f.onboarded, f.headcount), f.complete, percent(f.complete, f.headcount),
    f.onTrack, f.overdue, f.notStarted, f.exempt, f.expiringSoon,
  ]
  return sendCsv(event, `hr-overview-${csvDateStamp(now)}.csv`, [
    'Department slug', 'Department', 'Headcount', 'Onboarded', 'Onboarded (%)', 'Certified', 'Certified (%)',
    'On track', 'Overdue', 'Not started', 'Exempt', `Certificates expiring within ${report.expiringWithinDays} days`,
  ], (async function* () {
    for (const d of report.departments) yield row(d.slug, d.name, d)
    yield row('', 'All departments', report.totals)
  })())
})
