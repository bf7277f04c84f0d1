// Runs the scheduler's pass now (plan every due reminder, send what is due), as it runs on its own each minute.
export default defineEventHandler(async (event) => {
  await requireRole(event, ADMINS)
  return runMailPass(requestNow(event))
})
