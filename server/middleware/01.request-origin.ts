// Cross-site request protection for every state-changing request. A browser sends Origin
// (and Sec-Fetch-Site) on them, and a page on another site can forge neither: a request
// whose Origin names another host, or that the browser marks as cross-site, is refused. A
// request that carries the session cookie but no Origin is refused too, unless the browser
// says it is same-origin: only a non-browser client, or a browser too old to send either
// header, sends neither, and neither needs the cookie to change anything.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

const refuse = () => createError({ statusCode: 403, statusMessage: 'This request came from another site and was refused.' })

export default defineEventHandler((event) => {
  if (SAFE_METHODS.has(event.method)) return
  const site = getHeader(event, 'sec-fetch-site')
  if (site && site !== 'same-origin' && site !== 'none') throw refuse()
  const origin = getHeader(event, 'origin')
  if (origin !== undefined) {
    const host = getRequestHost(event, { xForwardedHost: useRuntimeConfig().trustProxy })
    if (safeHost(origin) !== host) throw refuse()
    return
  }
  if (site === 'same-origin') return
  if (getCookie(event, useRuntimeConfig().session.name ?? 'nuxt-session')) {
    throw createError({ statusCode: 403, statusMessage: 'This request has no Origin header and was refused; a browser sends one.' })
  }
})

function safeHost(origin: string) {
  try {
    return new URL(origin).host
  }
  catch {
    return ''
  }
}
