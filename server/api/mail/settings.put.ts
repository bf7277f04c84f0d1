import { UpdateOrgSettingsBody } from '#shared/schemas/mail'

export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, ADMINS)
  const changes = await readValidBody(event, UpdateOrgSettingsBody)
  const settings = await updateOrgSettings(changes)
  await recordAudit(actor, 'settings.update', 'organisation', { fields: Object.keys(changes) })
  return { settings, status: mailStatus() }
})
