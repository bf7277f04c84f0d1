import type { H3Event } from 'h3'

// Bounds every request body before a route reads it, counting the bytes as they arrive, so a
// chunked body (no Content-Length) is stopped at the route's limit too. nuxt-security's
// request size limiter reads only Content-Length, which is what let a chunked 50 MB sign-in
// be read whole; it is switched off (nuxt.config.ts). The body read here is handed to h3, so
// routes parse it as usual (readValidBody).
//
// Past the limit nothing more is kept and the 413 is sent at once. A client still sending
// must be able to read it: closing a socket with unread bytes makes the kernel send a reset,
// which may destroy the answer before the client has read it. So the rest of the body is read
// and dropped, up to DRAIN_BYTES and for at most DRAIN_MS; beyond that reading stops, and once
// the answer has gone out the connection is closed after GRACE_MS. The answer says
// `Connection: close` either way, so no client sends its next request on a closing connection. Dropped bytes are garbage until the next collection,
// so the budget, not the body's size, bounds what a refused request costs in memory.
const KB = 1024
const MB = 1024 * KB
const DEFAULT_LIMIT = 1 * MB
const LIMITS: [RegExp, number][] = [
  // Sign-in and sign-out: an email and a password.
  [/^\/api\/auth\//, 4 * KB],
  // A staff CSV import: up to 1 MB of text, JSON-encoded.
  [/^\/api\/users\/import$/, 2 * MB],
]
const DRAIN_BYTES = 1 * MB
const DRAIN_MS = 5000
const GRACE_MS = 500
// h3's key for a request's raw body once read (h3 1.x readRawBody).
const RAW_BODY = Symbol.for('h3RawBody')

export function bodyLimitFor(path: string) {
  return LIMITS.find(([pattern]) => pattern.test(path))?.[1] ?? DEFAULT_LIMIT
}

const tooLarge = (limit: number) => createError({
  statusCode: 413,
  statusMessage: `The request is too large; the limit here is ${limit >= MB ? `${limit / MB} MB` : `${limit / KB} KB`}.`,
})

/** Reads the body up to `limit` bytes; past it, stops keeping bytes and drains the rest briefly. */
function readLimited(event: H3Event, limit: number): Promise<Buffer> {
  const req = event.node.req
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) {
        chunks.push(chunk)
        return
      }
      chunks = []
      req.off('data', onData)
      req.off('end', onEnd)
      drain(event)
      reject(tooLarge(limit))
    }
    const onEnd = () => resolve(Buffer.concat(chunks))
    req.on('data', onData)
    req.once('end', onEnd)
    req.once('error', reject)
  })
}

/** Drops what is left of a refused body, within the drain budget; the connection ends with the answer. */
function drain(event: H3Event) {
  const { req, res } = event.node
  const socket = req.socket
  // The client must not send another request on this connection...
  res.setHeader('connection', 'close')
  // ...but Node closes an answered `Connection: close` socket as soon as the answer is
  // written, unread body and all (a reset): only half-close it, and keep reading.
  socket.destroySoon = () => void socket.end()
  const closeAfterAnswer = () => {
    const close = () => setTimeout(() => socket.destroy(), GRACE_MS).unref()
    if (res.writableFinished) close()
    else res.once('finish', close)
  }
  let budget = DRAIN_BYTES
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    req.off('data', onData)
    req.pause()
    closeAfterAnswer()
  }
  const onData = (chunk: Buffer) => {
    budget -= chunk.length
    if (budget < 0) stop()
  }
  req.on('data', onData)
  // A body that ends in time leaves the client to close the connection; one that does not is cut off.
  setTimeout(stop, DRAIN_MS).unref()
}

export default defineEventHandler(async (event) => {
  const req = event.node.req
  const length = Number(getHeader(event, 'content-length') ?? 0)
  const streamed = getHeader(event, 'transfer-encoding') !== undefined
  if (!length && !streamed) return
  // A request the app makes to itself (useNitroApp().localFetch) has its body in memory.
  if ((req as { body?: unknown }).body !== undefined) return
  const limit = bodyLimitFor(event.path.split('?')[0]!)
  if (length > limit) {
    drain(event)
    throw tooLarge(limit)
  }
  // Handed to h3 where its own body reader keeps what it has read (readRawBody, and the web
  // stream getRequestWebStream builds from it); kept even when empty, or h3 would wait for the
  // already-ended stream again.
  const body = await readLimited(event, limit)
  ;(req as unknown as Record<symbol, Promise<Buffer>>)[RAW_BODY] = Promise.resolve(body)
})
