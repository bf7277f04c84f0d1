// Deny by default: every API route needs a signed-in, active user unless listed here.
// Each route then names the roles that may call it (requireRole / requireUser).
const PUBLIC_API = [
  /^\/api\/health$/,
  /^\/api\/auth\/sign-in$/,
  /^\/api\/auth\/sign-out$/,
  // E-mailed links: the token in the body or query is the proof.
  /^\/api\/auth\/(forgot-password|link|set-password|confirm-email)$/,
  /^\/api\/verify\/[^/]+$/,
  /^\/api\/_auth\/session$/,
]

export default defineEventHandler(async (event) => {
  const path = event.path.split('?')[0]!
  if (!path.startsWith('/api/')) return
  if (PUBLIC_API.some(pattern => pattern.test(path))) return
  // The organisation's logo is printed on certificates, and shown on the public verification page.
  if (path === '/api/organisation/logo' && event.method === 'GET') return
  // Its name and locale: every page, signed in or not, formats dates the organisation's way.
  if (path === '/api/organisation' && event.method === 'GET') return
  // Course content, and the search over it, may be opened to everyone by configuration.
  if (/^\/api\/(courses(\/|$)|search$)/.test(path) && event.method === 'GET' && useRuntimeConfig().public.contentRequiresSignIn === false) return
  // The app's own render of a lesson page every reader is sent (server/utils/shared-render.ts).
  if (/^\/api\/courses\/[^/]+\/lessons\/[^/]+$/.test(path) && event.method === 'GET' && isSharedRender(event)) return
  await requireUser(event)
})
