export default defineEventHandler(async (event) => {
  await requireRole(event, ADMINS)
  return { settings: await orgSettings(), status: mailStatus() }
})
