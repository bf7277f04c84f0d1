import type { NitroErrorHandler } from 'nitropack/types'

// Runs before Nuxt's own error handler: an unexpected error caused by the database
// being away becomes a 503 with Retry-After the client can act on; everything else falls through.
const handler: NitroErrorHandler = (error, event) => {
  if (error.statusCode && error.statusCode !== 500) return
  if (!isDatabaseUnavailable(error)) return
  return sendDatabaseUnavailable(event)
}

export default handler
