export default defineEventHandler(async (event) => {
  const user = await requireRole(event, EVERYONE)
  await markNoticesRead(user.id)
  return noticesOf(user.id)
})
