import { SendReminderBody } from '#shared/schemas/mail'

// HR's "Send reminder" for the people chosen on a list (preview: true sends nothing).
export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, HR_STAFF)
  const { people, preview } = await readValidBody(event, SendReminderBody)
  return sendReminders(actor, people, preview, requestNow(event))
})
