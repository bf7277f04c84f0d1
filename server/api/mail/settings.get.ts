export default defineEventHandler(async (event) => {
  await requireRole(event, ADMINS)
  const logo = await orgLogo()
  return { settings: await orgSettings(), status: mailStatus(), logo: logo && { url: logoUrl(logo), width: logo.width, height: logo.height } }
})
