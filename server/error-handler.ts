import type { NitroErrorHandler } from 'nitropack/types'

// @nuxt/content's query route throws plain errors (500s) at SQL it refuses and at SQL that
// SQLite can't run: both are the client's query, so they answer 400.
const CONTENT_QUERY = /^\/__nuxt_content\/[^/]+\/query$/

// Runs before Nuxt's own error handler: an unexpected error caused by the database
// being away becomes a 503 with Retry-After the client can act on; everything else falls through.
const handler: NitroErrorHandler = (error, event) => {
  if (error.statusCode && error.statusCode !== 500) return
  if (CONTENT_QUERY.test(event.path.split('?')[0]!)) {
    setResponseStatus(event, 400, 'Bad Request')
    setResponseHeader(event, 'content-type', 'application/json')
    return send(event, JSON.stringify({ statusCode: 400, statusMessage: 'The content query was refused: it is not a query this route runs.' }))
  }
  if (!isDatabaseUnavailable(error)) return
  return sendDatabaseUnavailable(event)
}

export default handler
