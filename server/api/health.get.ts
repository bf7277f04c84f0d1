// Public on purpose: load balancers and the embedded-database test poll it. `content` says
// whether the content library parsed after the start (server/plugins/content.ts) has settled;
// the status does not wait for it (a request meanwhile waits for the same parse).
export default defineEventHandler(async (event) => {
  const database = await pingDatabase()
  const { appVersion } = useRuntimeConfig(event)
  if (database === 'down') {
    setResponseStatus(event, 503, 'Service Unavailable')
    setResponseHeader(event, 'retry-after', databaseRetryAfter())
  }
  return { status: database === 'up' ? 'ok' : 'degraded', version: appVersion, database, content: contentPrepared() ? 'ready' : 'loading' }
})
