import { OverviewQuery } from '#shared/schemas/hr'

// Organisation overview: per-department figures, totals and the weekly onboarding series.
export default defineEventHandler(async (event) => {
  await requireRole(event, HR_STAFF)
  const { weeks } = await getValidQuery(event, OverviewQuery)
  return overviewReport(new Date(), weeks)
})
