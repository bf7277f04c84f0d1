import type { H3Event } from 'h3'

// "Forgot your password?": a few links per address and per client in 15 minutes, counted in
// this process. Past the address's limit the answer stays the same (so it reveals nothing)
// and nothing is sent; past the client's limit the client is told to wait.
const WINDOW_MS = 15 * 60_000
const perEmail = new Map<string, number[]>()
const perClient = new Map<string, number[]>()

function recent(map: Map<string, number[]>, key: string, now: number) {
  const times = (map.get(key) ?? []).filter(t => t > now - WINDOW_MS)
  map.set(key, times)
  if (map.size > 50_000) {
    for (const [k, v] of map) if (!v.some(t => t > now - WINDOW_MS)) map.delete(k)
  }
  return times
}

export function allowPasswordResetRequest(event: H3Event, email: string): boolean {
  const now = Date.now()
  const client = getRequestIP(event, { xForwardedFor: useRuntimeConfig(event).trustProxy }) ?? 'unknown'
  const byClient = recent(perClient, client, now)
  if (byClient.length >= 10) {
    const wait = Math.max(1, Math.ceil((byClient[0]! + WINDOW_MS - now) / 1000))
    setResponseHeader(event, 'Retry-After', wait)
    throw createError({ statusCode: 429, statusMessage: `Too many requests. Try again in ${Math.ceil(wait / 60)} minutes.`, data: { retryAfterSeconds: wait } })
  }
  byClient.push(now)
  const byEmail = recent(perEmail, email, now)
  if (byEmail.length >= 3) return false
  byEmail.push(now)
  return true
}
