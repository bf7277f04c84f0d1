import { LogoQuery } from '#shared/schemas/mail'

// Public on purpose: the logo is printed on certificates and shown on the public
// verification page. Its address carries the version, so a browser may keep it.
export default defineEventHandler(async (event) => {
  const { v } = await getValidQuery(event, LogoQuery)
  const logo = await orgLogo()
  if (!logo) throw createError({ statusCode: 404, statusMessage: 'The organisation has no logo.' })
  setResponseHeaders(event, {
    'content-type': logo.contentType,
    'cache-control': v ? 'public, max-age=86400' : 'no-cache',
    'x-content-type-options': 'nosniff',
  })
  return logo.data
})
