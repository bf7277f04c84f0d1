import { MailLogQuery } from '#shared/schemas/mail'

export default defineEventHandler(async (event) => {
  await requireRole(event, ADMINS)
  const query = await getValidQuery(event, MailLogQuery)
  return mailLog(query)
})
