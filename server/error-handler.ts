import type { NitroErrorHandler } from 'nitropack/types'

// Runs before Nuxt's own error handler: an unexpected error caused by the database
// being away becomes a 503 the client can act on; everything else falls through.
const handler: NitroErrorHandler = (error, event) => {
  if (error.statusCode && error.statusCode !== 500) return
  if (!isDatabaseUnavailable(error)) return
  setResponseStatus(event, 503, 'Service Unavailable')
  setResponseHeader(event, 'retry-after', 5)
  setResponseHeader(event, 'content-type', 'application/json')
  return send(event, JSON.stringify({ statusCode: 503, statusMessage: DATABASE_UNAVAILABLE }))
}

export default handler
