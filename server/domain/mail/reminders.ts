import type { Types } from 'mongoose'
import type { OrgSettings, ReminderAnswer } from '../../../shared/schemas/mail'
import { OPTIONAL_KINDS } from '../../../shared/schemas/mail'
import { formatDate } from '../../../shared/utils/format'
import { DepartmentModel } from '../../models/department'
import { UserModel } from '../../models/user'
import { summaries, type SummaryEntry } from '../learning/summary-cache'
import { refreshLearner } from '../learning/refresh-learner'
import { itemHref } from '../learning/my-learning-view'
import { EXPIRING_WITHIN_DAYS, overviewReport } from '../hr/hr-dashboard'
import {
  certExpiredMail, certExpiringMail, dueReminderMail, dueSoonMail, hrDigestMail, hrMonthlyMail, overdueMail, welcomeMail,
  type Org, type PathLine,
} from './messages'
import { dateOnly, dueReminders, hrDue, sendingHours, type DueReminder, type PersonSnapshot } from './reminder-rules'
import { deliverKeys, enqueueMail, mailExists, type EnqueueResult } from './outbox'
import { currentOrg, orgSettings } from './org-settings'

// Planning reminders: the scheduler's pass reads the learner summaries (held in memory,
// server/domain/learning/summary-cache.ts), asks reminder-rules.ts what is due for each
// person, and writes each due message once under its key (outbox.ts). Only people with
// something due cost a database read; keys seen before are remembered by this process.

const known = new Set<string>()

const snapshot = (e: SummaryEntry): PersonSnapshot => ({ user: e.user, startDate: e.startDate, active: e.active, paths: e.paths })

type Person = NonNullable<Awaited<ReturnType<typeof loadPerson>>>

async function loadPerson(userId: string, now: Date) {
  const user = await UserModel.findById(userId, { passwordHash: 0 }).lean()
  if (!user || !user.active) return null
  const { summary, progress, library } = await refreshLearner(userId, now)
  const paths = progress.map((p) => {
    const next = p.items.find(i => !i.done)
    return {
      id: p.path.id,
      line: { title: p.path.title, dueAt: p.dueAt, done: p.done, required: p.required } satisfies PathLine,
      complete: p.complete,
      certificateName: p.path.certificate.name,
      next: next ? { title: next.title, href: itemHref(next, library) } : null,
    }
  })
  return { user, summary, paths }
}

const optedOut = (person: Person, kind: string) =>
  (OPTIONAL_KINDS as readonly string[]).includes(kind) && (person.user.mailOptOut ?? []).includes(kind)

async function leadCopy(person: Person, settings: OrgSettings): Promise<string[]> {
  if (!settings.overdueCopyLead || !person.user.department) return []
  const department = await DepartmentModel.findById(person.user.department, { leadEmail: 1 }).lean()
  return department?.leadEmail && department.leadEmail !== person.user.email ? [department.leadEmail] : []
}

/** Writes one due reminder for one person, unless their fresh summary says it is no longer due. */
async function planPersonReminder(reminder: DueReminder, userId: string, now: Date, settings: OrgSettings, org: Org): Promise<EnqueueResult | 'not-due'> {
  const person = await loadPerson(userId, now)
  if (!person) return 'not-due'
  // The summary read from memory may be stale (a lesson finished in another process, a
  // later due date): only what the fresh one still asks for is sent. An expired
  // certificate leaves the fresh summary as it starts the new cycle, so it is taken as read.
  const fresh = dueReminders({ user: userId, startDate: person.summary.startDate, active: true, paths: person.summary.paths }, now, settings)
  if (reminder.kind !== 'cert-expired' && !fresh.some(r => r.key === reminder.key)) return 'not-due'
  const path = person.paths.find(p => p.id === reminder.path) ?? null
  const name = person.user.name
  let mail
  let link = path?.next?.href ?? '/learn'
  switch (reminder.kind) {
    case 'welcome': {
      const open = person.paths.filter(p => !p.complete)
      if (!open.length) return 'not-due'
      const next = open.find(p => p.next)?.next ?? null
      mail = welcomeMail(org, { name, paths: open.map(p => p.line), next })
      link = next?.href ?? '/learn'
      break
    }
    case 'due-soon':
      mail = dueSoonMail(org, { name, path: path!.line, next: path!.next, now })
      break
    case 'overdue':
      mail = overdueMail(org, { name, path: path!.line, next: path!.next, now })
      break
    case 'cert-expiring': {
      const certificate = person.summary.paths.find(p => p.certificate?.code === reminder.certificate)?.certificate
      if (!certificate) return 'not-due'
      mail = certExpiringMail(org, { name, certificate: path?.certificateName ?? 'your certificate', expiresAt: certificate.expiresAt, now })
      link = '/learn'
      break
    }
    case 'cert-expired': {
      const entry = [...(await summaries()).entries].find(e => e.user === userId)
      const expiredAt = entry?.paths.find(p => p.certificate?.code === reminder.certificate)?.certificate?.expiresAt ?? now
      mail = certExpiredMail(org, { name, certificate: path?.certificateName ?? 'your certificate', expiredAt, path: path && !path.complete ? path.line : null, next: path?.next ?? null })
      break
    }
  }
  return enqueueMail({
    key: reminder.key,
    kind: reminder.kind,
    user: person.user._id,
    to: person.user.email,
    cc: reminder.kind === 'overdue' ? await leadCopy(person, settings) : [],
    mail,
    skip: optedOut(person, reminder.kind) ? 'turned off by the person' : undefined,
    notice: { key: reminder.key, kind: reminder.kind, title: mail.subject, body: mail.text.split('\n\n')[1] ?? '', link },
    reminder: reminder.kind !== 'welcome',
  }, now)
}

let hrPeople: { at: number, people: { _id: Types.ObjectId, name: string, email: string, mailOptOut?: string[] | null }[] } | undefined

/** HR people, read at most every ten minutes (a query on role reads every user on FerretDB; the scheduler only). */
async function hrRecipients(now: number) {
  if (!hrPeople || now - hrPeople.at > 10 * 60_000) {
    hrPeople = { at: now, people: await UserModel.find({ role: 'hr', active: true }, { name: 1, email: 1, mailOptOut: 1 }).lean() }
  }
  return hrPeople.people
}

async function monthlyFigures(now: Date) {
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
  const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
  const inMonth = (d: Date | null | undefined) => !!d && d >= monthStart && d < monthEnd
  let starters = 0
  let onboarded = 0
  let certified = 0
  for (const e of (await summaries()).entries) {
    if (!e.active) continue
    if (inMonth(e.startDate)) starters++
    if (inMonth(e.onboardedAt)) onboarded++
    certified += e.paths.filter(p => inMonth(p.certificate?.issuedAt)).length
  }
  const month = formatDate(monthStart, 'month')
  return { month, starters, onboarded, certified }
}

async function planHrMessages(now: Date, settings: OrgSettings, org: Org, counts: PlanCounts) {
  const due = (await hrRecipients(now.getTime())).flatMap(person => hrDue(String(person._id), now, settings).map(d => ({ ...d, person })))
  const todo = []
  for (const d of due) {
    if (known.has(d.key)) continue
    if (await mailExists(d.key)) {
      known.add(d.key)
      continue
    }
    todo.push(d)
  }
  if (!todo.length) return
  const overview = await overviewReport(now, 4)
  const rows = overview.departments.map(r => ({ name: r.name, headcount: r.headcount, onboarded: r.onboarded, overdue: r.overdue, expiringSoon: r.expiringSoon }))
  const totals = { name: 'All departments', ...overview.totals }
  const monthly = todo.some(d => d.kind === 'hr-monthly') ? await monthlyFigures(now) : null
  for (const d of todo) {
    const mail = d.kind === 'hr-digest'
      ? hrDigestMail(org, { name: d.person.name, weekOf: now, rows, totals, expiringWithinDays: EXPIRING_WITHIN_DAYS })
      : hrMonthlyMail(org, { name: d.person.name, ...monthly!, overdue: totals.overdue, headcount: totals.headcount })
    const result = await enqueueMail({
      key: d.key,
      kind: d.kind,
      user: d.person._id,
      to: d.person.email,
      mail,
      skip: (d.person.mailOptOut ?? []).includes(d.kind) ? 'turned off by the person' : undefined,
      notice: { key: d.key, kind: d.kind, title: mail.subject, body: mail.text.split('\n\n')[1] ?? '', link: d.kind === 'hr-digest' ? '/hr/lists?list=overdue' : '/hr' },
    }, now)
    counts[result === 'exists' ? 'existing' : result]++
    known.add(d.key)
  }
}

export interface PlanCounts { queued: number, skipped: number, existing: number }

/** One planning pass: every reminder due at `now` is written once (and later sent by the outbox). */
export async function planReminders(now: Date): Promise<PlanCounts> {
  const counts: PlanCounts = { queued: 0, skipped: 0, existing: 0 }
  const settings = await orgSettings()
  if (!sendingHours(now, settings)) return counts
  const org = await currentOrg()
  for (const entry of [...(await summaries()).entries]) {
    if (!entry.active) continue
    for (const reminder of dueReminders(snapshot(entry), now, settings)) {
      if (known.has(reminder.key)) continue
      if (await mailExists(reminder.key)) {
        known.add(reminder.key)
        continue
      }
      const result = await planPersonReminder(reminder, entry.user, now, settings, org)
        .catch((error) => {
          console.warn(`[mail] could not plan ${reminder.key}: ${(error as Error).message}`)
          return 'not-due' as const
        })
      if (result === 'not-due') continue
      counts[result === 'exists' ? 'existing' : result]++
      known.add(reminder.key)
    }
  }
  await planHrMessages(now, settings, org, counts)
  return counts
}

/**
 * HR's "Send reminder": for each chosen person, a reminder about their most urgent
 * unfinished path, at most one per person, path and day. With `preview`, nothing is
 * written: the answer shows the first message and who would get one.
 */
export async function sendReminders(actor: { id: string, name: string }, ids: string[], preview: boolean, now: Date): Promise<ReminderAnswer> {
  const org = await currentOrg()
  const answer: ReminderAnswer = { preview, count: 0, sample: null, skipped: [], sent: 0, failed: 0 }
  const keys: string[] = []
  for (const id of ids) {
    const person = await loadPerson(id, now).catch(() => null)
    if (!person) {
      answer.skipped.push({ id, name: 'Unknown person', reason: 'no active account' })
      continue
    }
    const open = person.paths.filter(p => !p.complete).sort((a, b) => a.line.dueAt.getTime() - b.line.dueAt.getTime())
    const path = open[0]
    if (!path) {
      answer.skipped.push({ id, name: person.user.name, reason: 'has nothing left to do' })
      continue
    }
    const key = `reminder:${id}:${path.id}@${dateOnly(path.line.dueAt)}:${dateOnly(now)}`
    if (await mailExists(key)) {
      answer.skipped.push({ id, name: person.user.name, reason: 'already reminded today' })
      continue
    }
    const mail = dueReminderMail(org, { name: person.user.name, path: path.line, next: path.next, now, fromHr: `${actor.name} (HR)` })
    answer.count++
    answer.sample ??= { ...mail, to: person.user.email, name: person.user.name }
    if (preview) continue
    const result = await enqueueMail({
      key,
      kind: 'reminder',
      user: person.user._id,
      to: person.user.email,
      mail,
      requestedBy: actor.id,
      notice: { key, kind: 'reminder', title: mail.subject, body: mail.text.split('\n\n')[1] ?? '', link: path.next?.href ?? '/learn' },
      reminder: true,
    }, now)
    if (result === 'queued') keys.push(key)
    if (result === 'exists') {
      answer.count--
      answer.skipped.push({ id, name: person.user.name, reason: 'already reminded today' })
    }
  }
  if (keys.length) {
    const delivered = await deliverKeys(keys, now)
    answer.sent = delivered.sent
    answer.failed = delivered.failed + delivered.retry
  }
  return answer
}
