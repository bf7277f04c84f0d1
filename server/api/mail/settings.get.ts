export default defineEventHandler(async (event) => {
  await requireRole(event, ['admin'])
  return { settings: await orgSettings(), status: mailStatus() }
})
