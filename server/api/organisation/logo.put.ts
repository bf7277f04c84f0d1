import { LogoUploadBody } from '#shared/schemas/mail'

export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, ADMINS)
  limitBody(event, 410_000)
  const { image } = await readValidBody(event, LogoUploadBody)
  const logo = await saveOrgLogo(image)
  await recordAudit(actor, 'settings.update', 'organisation', { fields: ['logo'] })
  return { logo: { url: logoUrl(logo), width: logo.width, height: logo.height, contentType: logo.contentType } }
})
