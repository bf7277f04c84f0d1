import type { H3Event } from 'h3'
import { startSession, clientAddress } from '../../utils/auth'
import { verifyUserPassword, decoyHash } from '../../utils/password'
import { checkSignIn, clearPairFailures, deviceNonce, DEVICE_COOKIE, newDeviceCookie, recordFailedSignIn } from './sign-in-throttle'
import { findUserByEmail } from './user-emails'

const DEVICE_COOKIE_DAYS = 90

const sessionSecret = () => process.env.NUXT_SESSION_PASSWORD || String(useRuntimeConfig().session?.password ?? '')

/**
 * Signs a person in. The same answer, after the same work (two reads by _id, one scrypt),
 * whether or not the email exists; throttled per account and address (sign-in-throttle.ts).
 */
export async function signIn(event: H3Event, email: string, password: string) {
  const secret = sessionSecret()
  const client = {
    email,
    address: clientAddress(event),
    device: deviceNonce(getCookie(event, DEVICE_COOKIE), email, secret),
  }
  const allowance = await checkSignIn(client)
  if (allowance.wait > 0) {
    setResponseHeader(event, 'Retry-After', allowance.wait)
    const when = allowance.wait < 90 ? `${allowance.wait} second${allowance.wait === 1 ? '' : 's'}` : `${Math.ceil(allowance.wait / 60)} minutes`
    throw createError({
      statusCode: 429,
      statusMessage: `Too many failed sign-ins. Try again in ${when}.`,
      data: { retryAfterSeconds: allowance.wait },
    })
  }
  const user = await findUserByEmail(email)
  const valid = await verifyUserPassword(user?.passwordHash || await decoyHash(), password)
  if (!user || !valid || !user.active) {
    await recordFailedSignIn(client, allowance)
    throw createError({ statusCode: 401, statusMessage: 'That email and password do not match an active account.' })
  }
  await clearPairFailures(client)
  await startSession(event, user)
  // This browser is now recognised for this account, even while the account is under attack.
  setCookie(event, DEVICE_COOKIE, newDeviceCookie(email, secret), {
    httpOnly: true,
    sameSite: 'lax',
    secure: !import.meta.dev && getRequestProtocol(event, { xForwardedProto: useRuntimeConfig(event).trustProxy }) === 'https',
    path: '/api/auth',
    maxAge: DEVICE_COOKIE_DAYS * 86_400,
  })
  return { user: { id: String(user._id), name: user.name, email: user.email, role: user.role } }
}
