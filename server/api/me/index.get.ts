export default defineEventHandler(async (event) => {
  const user = await requireRole(event, EVERYONE)
  return toPublicUser(user, await departmentOf(user.department))
})
