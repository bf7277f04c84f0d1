// Opening the sealed session cookie (nuxt-auth-utils, h3's iron seal) costs two PBKDF2 key
// derivations, an HMAC and a decryption on every request: on two shared cores that was a
// large share of a signed-in request such as GET /api/me. The same cookie always opens to the
// same data (the seal is immutable and the password fixed), so what it opened to is kept for
// a minute, keyed by the sealed text itself, and handed to h3 as this request's session.
//
// Nothing about the session's validity is cached: the cookie only names a server-side
// session, which requireUser reads, with its copy of the account, on every request
// (sign-out, idle expiry, deactivation and password changes act at once, as before). The
// cookie sets no Max-Age on the seal (runtimeConfig.session), so a seal does not expire by itself.
const KEEP_MS = 60_000
const MAX_ENTRIES = 5_000

interface Opened { id: string, createdAt: number, data: Record<string, unknown> }
const opened = new Map<string, { until: number, session: Opened }>()

function remember(sealed: string, session: Opened, now: number) {
  if (opened.size >= MAX_ENTRIES) {
    for (const [key, entry] of opened) {
      if (entry.until <= now || opened.size >= MAX_ENTRIES) opened.delete(key)
      else break
    }
  }
  opened.set(sealed, { until: now + KEEP_MS, session: structuredClone(session) })
}

export default defineEventHandler(async (event) => {
  const name = useRuntimeConfig().session?.name ?? 'nuxt-session'
  const sealed = getCookie(event, name)
  if (!sealed) return
  const now = Date.now()
  const contexts = (event.context.sessions ??= Object.create(null)) as Record<string, Opened>
  const hit = opened.get(sealed)
  if (hit && hit.until > now) {
    // A copy: a handler that updates or clears its session must not change the kept one.
    contexts[name] = structuredClone(hit.session)
    return
  }
  if (hit) opened.delete(sealed)
  // Opened by h3 as any handler would; kept only when it opened to a signed-in session.
  await getUserSession(event)
  const session = contexts[name]
  if (session?.data && (session.data as { user?: unknown }).user) remember(sealed, { id: session.id, createdAt: session.createdAt, data: session.data }, now)
})
