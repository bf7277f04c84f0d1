import type { H3Event } from 'h3'
import { SignInThrottleModel } from '../../models/sign-in-throttle'
import { isDuplicateKey } from '../../utils/db'
import { sendPasswordReset } from './account-links'

// "Forgot your password?": a few links per address and per client in a fixed 15-minute
// window, counted in the database beside the sign-in throttles (same collection, own key
// kinds), so every app process counts together. Past the address's limit the answer stays
// the same (so it reveals nothing) and nothing is sent; past the client's limit the client
// is told to wait.

export const RESET_WINDOW_MS = 15 * 60_000
/** Reset links sent to one address per window. */
export const RESET_PER_ADDRESS = 3
/** Reset requests one client may make per window. */
export const RESET_PER_CLIENT = 10

/** Adds one to the window's count under `id` and returns the new count (one atomic update). */
async function count(id: string, window: number, now: Date): Promise<number> {
  const update = {
    $inc: { failures: 1 },
    $max: { lastFailureAt: now },
    $setOnInsert: { expiresAt: new Date((window + 2) * RESET_WINDOW_MS) },
  }
  const bump = () => SignInThrottleModel.findOneAndUpdate({ _id: id }, update, { upsert: true, returnDocument: 'after' }).lean()
  try {
    return (await bump())?.failures ?? 1
  }
  catch (error) {
    // Two first requests at once: the other one inserted it, so this one updates.
    if (!isDuplicateKey(error)) throw error
    return (await bump())?.failures ?? 1
  }
}

/**
 * Counts a reset request and says whether to send a link: false past the address's limit;
 * a 429 with Retry-After past the client's.
 */
export async function allowPasswordResetRequest(email: string, client: string, now: Date) {
  const window = resetWindow(now)
  const byClient = await count(`reset-client:${client}:${window}`, window, now)
  if (byClient > RESET_PER_CLIENT) {
    const wait = Math.max(1, Math.ceil(((window + 1) * RESET_WINDOW_MS - now.getTime()) / 1000))
    return { allowed: false, wait }
  }
  const byAddress = await count(`reset-addr:${email}:${window}`, window, now)
  return { allowed: byAddress <= RESET_PER_ADDRESS, wait: 0 }
}

const resetWindow = (now: Date) => Math.floor(now.getTime() / RESET_WINDOW_MS)

/** Reset links requested for an address in the current window (the person page, admins). */
export async function resetRequestsFor(email: string, now = new Date()) {
  const counter = await SignInThrottleModel.findById(`reset-addr:${email}:${resetWindow(now)}`).lean()
  return counter?.failures ?? 0
}

/** An admin clears a person's throttles: the address's reset-request count starts again. */
export async function clearResetRequests(email: string, now = new Date()) {
  const { deletedCount } = await SignInThrottleModel.deleteOne({ _id: `reset-addr:${email}:${resetWindow(now)}` })
  return deletedCount
}

export const FORGOT_PASSWORD_ANSWER = 'If an account uses this address, we have e-mailed it a link to choose a new password. The link works for one hour.'

/** The "Forgot your password?" request: the same answer whether or not the address has an account. */
export async function requestPasswordReset(event: H3Event, email: string) {
  const now = requestNow(event)
  const client = getRequestIP(event, { xForwardedFor: useRuntimeConfig(event).trustProxy }) ?? 'unknown'
  const { allowed, wait } = await allowPasswordResetRequest(email, client, now)
  if (wait) {
    setResponseHeader(event, 'Retry-After', wait)
    throw createError({ statusCode: 429, statusMessage: `Too many requests. Try again in ${Math.ceil(wait / 60)} minutes.`, data: { retryAfterSeconds: wait } })
  }
  if (allowed) await sendPasswordReset(email, now)
  return { message: FORGOT_PASSWORD_ANSWER }
}
