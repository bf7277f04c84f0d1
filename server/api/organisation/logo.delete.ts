export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, ADMINS)
  await removeOrgLogo()
  await recordAudit(actor, 'settings.update', 'organisation', { fields: ['logo'] })
  return { logo: null }
})
