// Public on purpose: load balancers and the embedded-database test poll it. "ok" (200) once the
// database answers and the content library parsed at start has settled (server/plugins/content.ts),
// so a load balancer sends no request the app would make wait for that parse.
export default defineEventHandler(async (event) => {
  const database = await pingDatabase()
  const content = contentPrepared() ? 'ready' : 'loading'
  const { appVersion } = useRuntimeConfig(event)
  if (database === 'down') {
    setResponseStatus(event, 503, 'Service Unavailable')
    setResponseHeader(event, 'retry-after', databaseRetryAfter())
  }
  else if (content === 'loading') {
    setResponseStatus(event, 503, 'Service Unavailable')
    setResponseHeader(event, 'retry-after', 1)
  }
  return { status: database === 'down' ? 'degraded' : content === 'loading' ? 'starting' : 'ok', version: appVersion, database, content }
})
