import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { SignInThrottleView } from '../../../shared/types/sessions'
import { SignInThrottleModel } from '../../models/sign-in-throttle'
import { UserModel } from '../../models/user'
import { isDuplicateKey } from '../../utils/db'
import { forWrites } from '../../utils/db-engine'
import { clearResetRequests, resetRequestsFor, RESET_PER_ADDRESS } from './reset-throttle'

// Sign-in throttling after OWASP's authentication guidance: failures are counted per
// account *and* address, per address over all accounts, and per account from anywhere;
// an account under attack is slowed down, never locked; a browser where the person
// signed in successfully before (a signed device cookie) is let through the account and
// address limits, with a small limit of its own. Counters live in the database, one
// document per key and fixed 15-minute window; under racing requests the embedded engine
// may lose an increment, which only makes the limiter slightly lenient.

export const WINDOW_MS = 15 * 60_000
/** Failures for one account from one address before that address waits out the window. */
export const PAIR_LIMIT = 5
/** Failures from one address over all accounts before it waits out the window. */
export const ADDRESS_LIMIT = 100
/** Failures on one account from anywhere after which unrecognised browsers are slowed down. */
export const ACCOUNT_SLOWDOWN_AFTER = 10
/** The longest wait between tries on a slowed-down account, in seconds. */
export const ACCOUNT_MAX_DELAY_S = 30
/** Failures through one device cookie before that browser stops being recognised. */
export const DEVICE_LIMIT = 5
const ADDRESSES_KEPT = 20

export interface SignInClient {
  email: string
  address: string
  /** The device cookie's nonce, when the browser sent a valid one for this email. */
  device?: string
}

const windowOf = (now: Date) => Math.floor(now.getTime() / WINDOW_MS)
const keys = (client: SignInClient, window: number) => ({
  account: `acct:${client.email}:${window}`,
  pair: `pair:${client.email}|${client.address}:${window}`,
  address: `addr:${client.address}:${window}`,
  device: client.device ? `dev:${client.device}:${window}` : undefined,
})

async function read(ids: (string | undefined)[]) {
  return Promise.all(ids.map(id => id ? SignInThrottleModel.findById(id).lean() : null))
}

/** The account's slowdown in seconds: 1 s after the tenth failure, doubling to 30 s. */
export function accountDelaySeconds(failures: number) {
  if (failures < ACCOUNT_SLOWDOWN_AFTER) return 0
  return Math.min(ACCOUNT_MAX_DELAY_S, 2 ** (failures - ACCOUNT_SLOWDOWN_AFTER))
}

export interface SignInAllowance {
  /** Seconds to wait before trying; 0 when the try may go ahead. */
  wait: number
  /** The browser is recognised for this account (its device cookie is valid and not over its limit). */
  recognised: boolean
  addressesSeen: number
}

export async function checkSignIn(client: SignInClient, now = new Date()): Promise<SignInAllowance> {
  const window = windowOf(now)
  const windowEnd = Math.ceil(((window + 1) * WINDOW_MS - now.getTime()) / 1000)
  const k = keys(client, window)
  const [account, pair, address, device] = await read([k.account, k.pair, k.address, k.device])
  const addressesSeen = account?.addresses?.length ?? 0
  if (client.device && (device?.failures ?? 0) < DEVICE_LIMIT) return { wait: 0, recognised: true, addressesSeen }
  let wait = 0
  if ((address?.failures ?? 0) >= ADDRESS_LIMIT || (pair?.failures ?? 0) >= PAIR_LIMIT) wait = windowEnd
  const delay = accountDelaySeconds(account?.failures ?? 0)
  if (delay && account?.lastFailureAt) {
    const since = (now.getTime() - account.lastFailureAt.getTime()) / 1000
    if (since < delay) wait = Math.max(wait, Math.ceil(delay - since))
  }
  return { wait, recognised: false, addressesSeen }
}

async function bump(id: string, now: Date, window: number, extra: Record<string, unknown> = {}) {
  const update = {
    $inc: { failures: 1 },
    $max: { lastFailureAt: now },
    $setOnInsert: { expiresAt: new Date((window + 2) * WINDOW_MS) },
    ...extra,
  }
  try {
    await forWrites(SignInThrottleModel).updateOne({ _id: id }, update, { upsert: true })
  }
  catch (error) {
    // Two first failures at once: the other one inserted it, so this one updates.
    if (!isDuplicateKey(error)) throw error
    await forWrites(SignInThrottleModel).updateOne({ _id: id }, update)
  }
}

export async function recordFailedSignIn(client: SignInClient, allowance: SignInAllowance, now = new Date()) {
  const window = windowOf(now)
  const k = keys(client, window)
  await Promise.all([
    bump(k.account, now, window, allowance.addressesSeen < ADDRESSES_KEPT ? { $addToSet: { addresses: client.address } } : {}),
    bump(k.pair, now, window),
    bump(k.address, now, window),
    k.device ? bump(k.device, now, window) : undefined,
  ])
}

/** After a successful sign-in: this address's failures on this account are forgotten. */
export async function clearPairFailures(client: SignInClient, now = new Date()) {
  await SignInThrottleModel.deleteOne({ _id: keys(client, windowOf(now)).pair })
}

/** What an admin sees on the person's page. */
export async function signInThrottleFor(email: string, now = new Date()): Promise<SignInThrottleView> {
  const window = windowOf(now)
  const account = await SignInThrottleModel.findById(`acct:${email}:${window}`).lean()
  const failures = account?.failures ?? 0
  const delay = accountDelaySeconds(failures)
  const resetRequests = await resetRequestsFor(email, now)
  return {
    failures,
    lastFailureAt: account?.lastFailureAt?.toISOString() ?? null,
    windowEndsAt: new Date((window + 1) * WINDOW_MS).toISOString(),
    slowed: delay > 0,
    addresses: account?.addresses ?? [],
    resetRequests,
    resetLimited: resetRequests >= RESET_PER_ADDRESS,
  }
}

/**
 * An admin clears a person's throttles: the account's count, each address's count on it,
 * and the password-reset requests counted for the address (so a reset link can go out again).
 */
export async function clearSignInThrottle(email: string, now = new Date()) {
  const window = windowOf(now)
  const account = await SignInThrottleModel.findById(`acct:${email}:${window}`).lean()
  for (const address of account?.addresses ?? []) {
    await SignInThrottleModel.deleteOne({ _id: `pair:${email}|${address}:${window}` })
  }
  await SignInThrottleModel.deleteOne({ _id: `acct:${email}:${window}` })
  const resetRequests = await resetRequestsFor(email, now)
  await clearResetRequests(email, now)
  return { cleared: account?.failures ?? 0, resetRequestsCleared: resetRequests }
}

/** Removes finished windows (MongoDB's TTL index does it too); off the request path. */
export async function sweepSignInThrottles(now = new Date()) {
  const { deletedCount } = await SignInThrottleModel.deleteMany({ expiresAt: { $lte: now } })
  return deletedCount
}

// The device cookie: `<nonce>.<HMAC(email, nonce)>` under the session password. It names
// no email; it proves that this browser signed in to this account before.
export const DEVICE_COOKIE = 'rapport_device'

function deviceMac(email: string, nonce: string, secret: string) {
  return createHmac('sha256', secret).update(`${email}\n${nonce}`).digest('base64url')
}

export function newDeviceCookie(email: string, secret: string) {
  const nonce = randomBytes(16).toString('base64url')
  return `${nonce}.${deviceMac(email, nonce, secret)}`
}

/** The nonce of a device cookie that is valid for `email`, or undefined. */
export function deviceNonce(cookie: string | undefined, email: string, secret: string) {
  const [nonce, mac] = (cookie ?? '').split('.')
  if (!nonce || !mac || !/^[\w-]{22}$/.test(nonce)) return undefined
  const expected = Buffer.from(deviceMac(email, nonce, secret))
  const given = Buffer.from(mac)
  return expected.length === given.length && timingSafeEqual(expected, given) ? nonce : undefined
}

async function emailOf(userId: string) {
  const user = await UserModel.findById(userId, { email: 1 }).lean()
  if (!user) throw createError({ statusCode: 404, statusMessage: 'There is no such user.' })
  return user.email
}

/** The person page's view of a person's sign-in throttle (admins). */
export async function personSignInThrottle(userId: string) {
  return signInThrottleFor(await emailOf(userId))
}

export async function clearPersonSignInThrottle(userId: string) {
  return clearSignInThrottle(await emailOf(userId))
}
