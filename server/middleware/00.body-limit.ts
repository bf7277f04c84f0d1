// Refuses oversized request bodies before anything reads them. The largest legitimate
// body is a staff CSV import (1 MB of text, JSON-encoded).
const MAX_BYTES = 2 * 1024 * 1024

export default defineEventHandler((event) => {
  const length = Number(getHeader(event, 'content-length') ?? 0)
  if (length > MAX_BYTES) {
    throw createError({ statusCode: 413, statusMessage: `The request is too large (${Math.round(length / 1024)} KB); the limit is 2 MB.` })
  }
})
