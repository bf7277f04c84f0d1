export default defineEventHandler(async (event) => {
  const user = await requireRole(event, EVERYONE)
  return noticesOf(user.id)
})
