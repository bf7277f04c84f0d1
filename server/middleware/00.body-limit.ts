import type { IncomingMessage } from 'node:http'

// Bounds every request body before a route reads it, counting the bytes as they arrive, so a
// chunked body (no Content-Length) is stopped at the route's limit too. nuxt-security's
// request size limiter reads only Content-Length, which is what let a chunked 50 MB sign-in
// be read whole; it is switched off (nuxt.config.ts). The body read here is handed to h3, so
// routes parse it as usual (readValidBody).
//
// Past the limit nothing more is kept: the 413 is sent at once and the rest of the body is
// read and dropped for at most DRAIN_MS, so that a client still sending can read the answer
// (closing a socket with unread bytes makes the kernel send a reset, which may destroy the
// 413 before the client sees it); then the connection is closed.
const KB = 1024
const MB = 1024 * KB
const DEFAULT_LIMIT = 1 * MB
const LIMITS: [RegExp, number][] = [
  // Sign-in and sign-out: an email and a password.
  [/^\/api\/auth\//, 4 * KB],
  // A staff CSV import: up to 1 MB of text, JSON-encoded.
  [/^\/api\/users\/import$/, 2 * MB],
]
const DRAIN_MS = 5000

export function bodyLimitFor(path: string) {
  return LIMITS.find(([pattern]) => pattern.test(path))?.[1] ?? DEFAULT_LIMIT
}

const tooLarge = (limit: number) => createError({
  statusCode: 413,
  statusMessage: `The request is too large; the limit here is ${limit >= MB ? `${limit / MB} MB` : `${limit / KB} KB`}.`,
})

/** Reads the body up to `limit` bytes; past it, stops keeping bytes and drains the rest briefly. */
function readLimited(req: IncomingMessage, limit: number): Promise<Buffer> {
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
      drain(req)
      reject(tooLarge(limit))
    }
    const onEnd = () => resolve(Buffer.concat(chunks))
    req.on('data', onData)
    req.once('end', onEnd)
    req.once('error', reject)
  })
}

/** Drops what is left of a refused body; closes the connection if it has not ended in time. */
function drain(req: IncomingMessage) {
  const timer = setTimeout(() => req.socket?.destroy(), DRAIN_MS)
  timer.unref()
  req.once('end', () => clearTimeout(timer))
  req.once('close', () => clearTimeout(timer))
  req.resume()
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
    drain(req)
    throw tooLarge(limit)
  }
  // Kept even when empty: h3 would otherwise wait for the already-ended stream again.
  ;(event as unknown as { _requestBody: Buffer })._requestBody = await readLimited(req, limit)
})
