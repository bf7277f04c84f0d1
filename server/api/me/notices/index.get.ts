export default defineEventHandler(async (event) => {
  const user = await requireRole(event, ['staff', 'trainer', 'hr', 'admin'])
  return noticesOf(user.id)
})
