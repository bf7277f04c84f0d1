import type { OrgSettings } from '../../../shared/schemas/mail'

// Which reminders are due for one person at one moment, and the send-once key of each.
// Pure: the scheduler calls it for every active person's summary on each pass; a key
// already written is not written again, so calling it often is what makes it reliable.
//
// Keys name the reason and the period: the path and the due date of the current cycle,
// and the threshold or week. A later due date (a new cycle, an extension) gives new keys.

const DAY = 86_400_000
/** A welcome goes to people who started in the last two weeks (not to long-standing staff). */
export const WELCOME_WITHIN_DAYS = 14
/** An expired certificate is announced if it lapsed within this many days. */
export const EXPIRED_WITHIN_DAYS = 30

export interface PathSnapshot {
  path: string
  title: string
  /** Exempted by a trainer or HR (a remedy): never reminded about. */
  exempt?: boolean
  required: number
  done: number
  dueAt: Date | null
  certificate: { code: string, issuedAt: Date, expiresAt: Date } | null
}

export interface PersonSnapshot { user: string, startDate: Date, active: boolean, paths: PathSnapshot[] }

export type PersonReminderKind = 'welcome' | 'due-soon' | 'overdue' | 'cert-expiring' | 'cert-expired'

export interface DueReminder {
  kind: PersonReminderKind
  key: string
  path: string | null
  certificate?: string
  /** The threshold (days before) or the overdue week. */
  step?: number
}

export const dateOnly = (date: Date) => date.toISOString().slice(0, 10)

/** The smallest threshold the time left has reached, e.g. 2 when 1.5 days are left of [7, 2]. */
function reached(thresholds: number[], daysLeft: number): number | undefined {
  const hit = thresholds.filter(d => daysLeft <= d)
  return hit.length ? Math.min(...hit) : undefined
}

export function dueReminders(person: PersonSnapshot, now: Date, settings: OrgSettings): DueReminder[] {
  if (!person.active || !person.paths.length) return []
  const out: DueReminder[] = []
  const open = person.paths.filter(p => p.dueAt && p.done < p.required && !p.exempt)
  const anyOverdue = open.some(p => p.dueAt! <= now)
  const sinceStart = now.getTime() - person.startDate.getTime()
  if (settings.welcome && sinceStart >= 0 && sinceStart < WELCOME_WITHIN_DAYS * DAY && !anyOverdue) {
    out.push({ kind: 'welcome', key: `welcome:${person.user}`, path: null })
  }
  for (const p of open) {
    const due = p.dueAt!
    const cycle = `${p.path}@${dateOnly(due)}`
    const left = (due.getTime() - now.getTime()) / DAY
    if (left > 0) {
      const step = settings.dueSoon ? reached(settings.dueSoonDays, left) : undefined
      // Not before the person has started: no "due soon" before the first day.
      if (step !== undefined && sinceStart >= 0) out.push({ kind: 'due-soon', key: `due-soon:${person.user}:${cycle}:d${step}`, path: p.path, step })
    }
    else if (settings.overdue) {
      const week = Math.floor(-left / settings.overdueEveryDays)
      out.push({ kind: 'overdue', key: `overdue:${person.user}:${cycle}:n${week}`, path: p.path, step: week })
    }
  }
  for (const p of person.paths) {
    const c = p.certificate
    if (!c) continue
    const left = (c.expiresAt.getTime() - now.getTime()) / DAY
    if (left > 0) {
      const step = settings.certExpiring ? reached(settings.certExpiringDays, left) : undefined
      if (step !== undefined) out.push({ kind: 'cert-expiring', key: `cert-expiring:${person.user}:${c.code}:d${step}`, path: p.path, certificate: c.code, step })
    }
    else if (settings.certExpired && -left < EXPIRED_WITHIN_DAYS) {
      out.push({ kind: 'cert-expired', key: `cert-expired:${person.user}:${c.code}`, path: p.path, certificate: c.code })
    }
  }
  return out
}

/** Monday of the week holding `date` (UTC), as YYYY-MM-DD. */
export function isoWeekStart(date: Date) {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY)
}

/** 1 = Monday … 7 = Sunday (UTC). */
export const weekday = (date: Date) => ((date.getUTCDay() + 6) % 7) + 1

/** The HR messages due now: the weekly digest from its weekday on, the monthly summary from the 1st. */
export function hrDue(hrUser: string, now: Date, settings: OrgSettings) {
  const out: { kind: 'hr-digest' | 'hr-monthly', key: string }[] = []
  if (settings.hrDigest && weekday(now) >= settings.hrDigestWeekday) {
    out.push({ kind: 'hr-digest', key: `hr-digest:${hrUser}:${dateOnly(isoWeekStart(now))}` })
  }
  if (settings.hrMonthly) out.push({ kind: 'hr-monthly', key: `hr-monthly:${hrUser}:${now.toISOString().slice(0, 7)}` })
  return out
}

/** Reminders go out from the organisation's hour (UTC) each day. */
export const sendingHours = (now: Date, settings: OrgSettings) => now.getUTCHours() >= settings.sendHourUtc
