// While the embedded FerretDB is known to be down and being restarted, API requests are
// answered 503 with Retry-After at once, before anything is read or written: nothing is
// half-done, so the client's retry is safe. /api/health reports the outage itself.
export default defineEventHandler((event) => {
  if (!embeddedDbRestarting()) return
  const path = event.path
  if (!path.startsWith('/api/') || path.startsWith('/api/health')) return
  return sendDatabaseUnavailable(event)
})
