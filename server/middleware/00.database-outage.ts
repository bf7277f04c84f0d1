// While the embedded FerretDB is known to be down and being restarted, API requests are
// answered 503 with Retry-After at once, before anything is read or written: nothing is
// half-done, so the client's retry is safe. So are they while the app is still creating its
// collections and indexes at start-up. /api/health reports the outage itself.
export default defineEventHandler((event) => {
  if (!embeddedDbRestarting() && databaseSchemaReady()) return
  const path = event.path
  if (!path.startsWith('/api/') || path.startsWith('/api/health')) return
  return sendDatabaseUnavailable(event)
})
