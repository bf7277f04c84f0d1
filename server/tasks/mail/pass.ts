import mongoose from 'mongoose'

// The reminder scheduler (nuxt.config.ts: scheduledTasks, every minute): plans the reminders
// due now and sends what is due. Safe in every app process at once (server/domain/mail/outbox.ts).
// MAIL_SCHEDULER=off leaves it to an admin's "Run now" (tests drive it that way, with their clock).
export default defineTask({
  meta: { name: 'mail:pass', description: 'Plan the reminders due now and send the e-mails that are due' },
  async run() {
    if (process.env.MAIL_SCHEDULER === 'off' || mongoose.connection.readyState !== 1) return { result: 'skipped' }
    try {
      const { planned, delivered } = await runMailPass(new Date(), false)
      return { result: `planned ${planned.queued}, skipped ${planned.skipped}; sent ${delivered.sent}, to retry ${delivered.retry}, failed ${delivered.failed}` }
    }
    catch (error) {
      console.warn(`[mail] scheduler pass failed: ${(error as Error).message}`)
      return { result: 'failed' }
    }
  },
})
