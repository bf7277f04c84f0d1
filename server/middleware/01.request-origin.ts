// Cross-site request protection for every state-changing request: browsers send
// Origin (and Sec-Fetch-Site) on them, and a page on another site can't forge either.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export default defineEventHandler((event) => {
  if (SAFE_METHODS.has(event.method)) return
  const site = getHeader(event, 'sec-fetch-site')
  const origin = getHeader(event, 'origin')
  const host = getRequestHost(event, { xForwardedHost: useRuntimeConfig(event).trustProxy })
  const sameOrigin = !origin || safeHost(origin) === host
  if ((site && site !== 'same-origin' && site !== 'none') || !sameOrigin) {
    throw createError({ statusCode: 403, statusMessage: 'This request came from another site and was refused.' })
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
