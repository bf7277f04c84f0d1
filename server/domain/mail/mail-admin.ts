import { MAIL_KIND_LABELS, OPTIONAL_KINDS, type MailKind, type MailLogAnswer, type OptionalKind } from '../../../shared/schemas/mail'
import { MailMessageModel } from '../../models/mail-message'
import { UserModel } from '../../models/user'
import { updateAccount } from '../accounts/account-facts'
import { deliverDue } from './outbox'
import { planReminders } from './reminders'

const PAGE_SIZE = 50

/**
 * The mail log, newest first. On MongoDB the createdAt index serves it; FerretDB reads
 * the whole collection for it (an admin page, opened now and then; see docs/decisions.md).
 */
export async function mailLog(query: { status?: 'pending' | 'sent' | 'skipped' | 'failed', page: number }): Promise<MailLogAnswer> {
  const rows = await MailMessageModel.find(query.status ? { status: query.status } : {}, { text: 0, html: 0 })
    .sort({ createdAt: -1, _id: 1 })
    .skip((query.page - 1) * PAGE_SIZE)
    .limit(PAGE_SIZE + 1)
    .lean()
  return {
    status: mailStatus(),
    page: query.page,
    pageSize: PAGE_SIZE,
    more: rows.length > PAGE_SIZE,
    entries: rows.slice(0, PAGE_SIZE).map(m => ({
      id: m._id,
      kind: m.kind,
      kindLabel: MAIL_KIND_LABELS[m.kind as MailKind] ?? m.kind,
      to: m.to,
      cc: m.cc ?? [],
      subject: m.subject,
      status: m.status as 'pending' | 'sent' | 'skipped' | 'failed',
      reason: m.reason ?? '',
      attempts: m.attempts,
      createdAt: m.createdAt.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
    })),
  }
}

let running: Promise<unknown> | undefined
let passes = 0

/**
 * One pass of the scheduler: plan the reminders due at `now`, then send what is due.
 * Passes in one process never overlap; passes in several processes may, and the
 * send-once keys and claims keep each message single.
 */
export async function runMailPass(now: Date, sweep = true) {
  while (running) await running.catch(() => undefined)
  const pass = (async () => {
    const planned = await planReminders(now)
    // The scheduler looks for messages left by other processes or a restart every fifth
    // pass (and the first); an admin's "Run now" always does.
    const delivered = await deliverDue(now, sweep || passes++ % 5 === 0)
    return { at: now.toISOString(), planned, delivered }
  })()
  running = pass
  try {
    return await pass
  }
  finally {
    running = undefined
  }
}

export async function mailPreferences(userId: string) {
  const user = await UserModel.findById(userId, { mailOptOut: 1, role: 1 }).lean()
  const kinds = OPTIONAL_KINDS.filter(k => !k.startsWith('hr-') || user?.role === 'hr')
  return { optional: kinds.map(kind => ({ kind, label: MAIL_KIND_LABELS[kind], on: !(user?.mailOptOut ?? []).includes(kind) })) }
}

export async function setMailPreferences(userId: string, optOut: OptionalKind[]) {
  await updateAccount(userId, { $set: { mailOptOut: [...new Set(optOut)] } })
  return mailPreferences(userId)
}
