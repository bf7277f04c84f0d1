import type { H3Event } from 'h3'
import { startSession, clientAddress } from '../../utils/auth'
import { verifyUserPassword, decoyHash } from '../../utils/password'
import { checkSignIn, clearPairFailures, deviceNonce, DEVICE_COOKIE, newDeviceCookie, recordFailedSignIn } from './sign-in-throttle'
import { findUserByEmail } from './user-emails'
import { SignInBody, SignInForm, type SignInProblem } from '#shared/schemas/accounts'
import { roleHome, safeRedirect } from '#shared/utils/navigation'

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

/**
 * The sign-in form posted before the page's JavaScript ran: the same sign-in, answered with
 * a redirect. Success goes where the person was heading (or their home); a failure goes back
 * to the form with the typed email and a problem code the page puts into words (never the
 * password, and never text from the request shown as a message).
 */
export async function signInFromForm(event: H3Event) {
  const form = SignInForm.safeParse(await readBody(event).catch(() => ({})) ?? {})
  const fields = form.success ? form.data : { email: '', password: '', redirect: undefined }
  const back = (problem: SignInProblem, extra: Record<string, string> = {}) => {
    const query = new URLSearchParams({ ...(fields.email ? { email: fields.email.slice(0, 254) } : {}), error: problem, ...extra })
    const redirect = safeRedirect(fields.redirect)
    if (redirect) query.set('redirect', redirect)
    return sendRedirect(event, `/sign-in?${query}`, 303)
  }
  const body = SignInBody.safeParse(fields)
  if (!body.success) return back('fields')
  try {
    const { user } = await signIn(event, body.data.email, body.data.password)
    return sendRedirect(event, safeRedirect(fields.redirect) ?? roleHome(user.role), 303)
  }
  catch (error) {
    const { statusCode, data } = error as { statusCode?: number, data?: { retryAfterSeconds?: number } }
    if (statusCode === 401) return back('mismatch')
    if (statusCode === 429) return back('throttled', { wait: String(data?.retryAfterSeconds ?? 60) })
    throw error
  }
}
