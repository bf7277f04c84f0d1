import { OverviewQuery } from '#shared/schemas/hr'

// Organisation overview: per-department figures, totals and the weekly onboarding series.
export default defineEventHandler(async (event) => {
  await requireRole(event, HR_STAFF)
  const query = await getValidQuery(event, OverviewQuery)
  const now = new Date()
  return overviewReport(now, query.weeks, resolvePeriod(query, now))
})
