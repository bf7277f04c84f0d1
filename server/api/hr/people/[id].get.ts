import { PersonParams } from '#shared/schemas/hr'

// One person's paths, lessons, quiz attempts, role-play runs and certificates.
export default defineEventHandler(async (event) => {
  await requireRole(event, HR_STAFF)
  const { id } = await getValidParams(event, PersonParams)
  return personReport(id, new Date())
})
