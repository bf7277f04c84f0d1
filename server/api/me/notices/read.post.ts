export default defineEventHandler(async (event) => {
  const user = await requireRole(event, ['staff', 'trainer', 'hr', 'admin'])
  await markNoticesRead(user.id)
  return noticesOf(user.id)
})
