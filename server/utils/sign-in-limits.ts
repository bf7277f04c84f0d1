import type { H3Event } from 'h3'
import { RateLimiter } from './rate-limit'

// Failed sign-ins allowed per account and per client address in 15 minutes.
const WINDOW_MS = 15 * 60_000
const perAccount = new RateLimiter(5, WINDOW_MS)
const perAddress = new RateLimiter(20, WINDOW_MS)

const clientAddress = (event: H3Event) =>
  getRequestIP(event, { xForwardedFor: useRuntimeConfig(event).trustProxy }) ?? 'unknown'

export function assertSignInAllowed(event: H3Event, email: string) {
  const wait = Math.max(perAccount.retryAfter(email), perAddress.retryAfter(clientAddress(event)))
  if (wait > 0) {
    setResponseHeader(event, 'Retry-After', wait)
    const minutes = Math.ceil(wait / 60)
    throw createError({
      statusCode: 429,
      statusMessage: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      data: { retryAfterSeconds: wait },
    })
  }
}

export function recordFailedSignIn(event: H3Event, email: string) {
  perAccount.hit(email)
  perAddress.hit(clientAddress(event))
}

export function clearFailedSignIns(email: string) {
  perAccount.reset(email)
}

// "Forgot your password?": a few links per address and per client in 15 minutes. Past the
// address's limit the answer stays the same (so it reveals nothing) and nothing is sent;
// past the client's limit the client is told to wait.
const resetsPerAccount = new RateLimiter(3, WINDOW_MS)
const resetsPerAddress = new RateLimiter(10, WINDOW_MS)

export function allowPasswordResetRequest(event: H3Event, email: string): boolean {
  const address = clientAddress(event)
  const wait = resetsPerAddress.retryAfter(address)
  if (wait > 0) {
    setResponseHeader(event, 'Retry-After', wait)
    throw createError({ statusCode: 429, statusMessage: `Too many requests. Try again in ${Math.ceil(wait / 60)} minutes.`, data: { retryAfterSeconds: wait } })
  }
  resetsPerAddress.hit(address)
  if (resetsPerAccount.retryAfter(email) > 0) return false
  resetsPerAccount.hit(email)
  return true
}
