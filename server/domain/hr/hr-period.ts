import type { PeriodComparison, PeriodFigures } from '../../../shared/schemas/hr'
import type { SummaryEntry } from '../learning/summary-cache'

// The overview's figures for a chosen period, beside those of the period of the same length
// just before it. They are counted from the learner summaries the overview already holds (no
// other read): starts, first completions, certificates still on record and due dates missed.
// A certificate that has since expired or been revoked is no longer in a summary, so a
// period long past may count fewer certificates than were issued in it.

const DAY = 86_400_000
const day = (date: Date) => date.toISOString().slice(0, 10)
const midnight = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))

export interface Period { from: Date, to: Date }

/** The period as half-open UTC instants [from, to): presets end today; custom dates are inclusive. */
export function resolvePeriod(query: { period: '30d' | '90d' | 'quarter' | 'custom', from?: string, to?: string }, now: Date): Period {
  const tomorrow = new Date(midnight(now).getTime() + DAY)
  if (query.period === 'custom') return { from: new Date(`${query.from}T00:00:00Z`), to: new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY) }
  if (query.period === 'quarter') return { from: new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1)), to: tomorrow }
  const days = query.period === '90d' ? 90 : 30
  return { from: new Date(tomorrow.getTime() - days * DAY), to: tomorrow }
}

const emptyFigures = (): PeriodFigures => ({ starters: 0, onboarded: 0, certified: 0, missed: 0 })

/** Adds one person's events inside [from, to) to the figures; due dates count once they have passed. */
export function countPeriod(figures: PeriodFigures, person: SummaryEntry, period: Period, now: Date) {
  const inside = (date?: Date | null) => !!date && date >= period.from && date < period.to
  if (inside(person.startDate)) figures.starters++
  if (inside(person.onboardedAt)) figures.onboarded++
  for (const path of person.paths) if (inside(path.certificate?.issuedAt)) figures.certified++
  // Missed: the due date fell in the period and has passed, and the paths were not finished by then.
  const due = person.dueAt
  if (!person.exempt && due && inside(due) && due < now && !(person.onboardedAt && person.onboardedAt <= due) && !(person.certifiedUntil && person.certifiedUntil > now)) figures.missed++
}

/** Counts the chosen period and the one of the same length before it, from the same people. */
export function comparePeriods(people: SummaryEntry[], period: Period, now: Date): PeriodComparison {
  const length = period.to.getTime() - period.from.getTime()
  const previous = { from: new Date(period.from.getTime() - length), to: period.from }
  const current = emptyFigures()
  const before = emptyFigures()
  for (const person of people) {
    countPeriod(current, person, period, now)
    countPeriod(before, person, previous, now)
  }
  return {
    from: day(period.from),
    to: day(new Date(period.to.getTime() - DAY)),
    days: Math.round(length / DAY),
    previous: { from: day(previous.from), to: day(new Date(previous.to.getTime() - DAY)) },
    current,
    before,
  }
}
