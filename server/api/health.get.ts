// Public on purpose: load balancers and the embedded-database test poll it.
export default defineEventHandler(async (event) => {
  const database = await pingDatabase()
  const { appVersion } = useRuntimeConfig(event)
  if (database === 'down') {
    setResponseStatus(event, 503, 'Service Unavailable')
    setResponseHeader(event, 'retry-after', databaseRetryAfter())
  }
  return { status: database === 'up' ? 'ok' : 'degraded', version: appVersion, database }
})
