import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../shared/schemas/mail'
import { dueReminders, hrDue, type PersonSnapshot } from '../../server/domain/mail/reminder-rules'

const DAY = 86_400_000
const start = new Date('2026-03-02T00:00:00Z') // a Monday
const due = new Date(start.getTime() + 30 * DAY)
const at = (days: number, hour = 9) => new Date(start.getTime() + days * DAY + hour * 3_600_000)

const person = (over: Partial<PersonSnapshot['paths'][number]> = {}, active = true): PersonSnapshot => ({
  user: 'u1',
  startDate: start,
  active,
  paths: [{ path: 'essentials', title: 'Essentials', required: 10, done: 2, dueAt: due, certificate: null, ...over }],
})

describe('dueReminders', () => {
  it.each([
    [0, ['welcome:u1']],
    [13, ['welcome:u1']],
    [14, []],
    [22, []],
    [23, ['due-soon:u1:essentials@2026-04-01:d7']],
    [27, ['due-soon:u1:essentials@2026-04-01:d7']],
    [28, ['due-soon:u1:essentials@2026-04-01:d2']],
    [30, ['overdue:u1:essentials@2026-04-01:n0']],
    [36, ['overdue:u1:essentials@2026-04-01:n0']],
    [37, ['overdue:u1:essentials@2026-04-01:n1']],
    [44, ['overdue:u1:essentials@2026-04-01:n2']],
  ])('on day %i after the start gives %j', (day, keys) => {
    expect(dueReminders(person(), at(day), DEFAULT_SETTINGS).map(r => r.key)).toEqual(keys)
  })

  it('gives nothing for a finished path, a deactivated person or reminders turned off', () => {
    expect(dueReminders(person({ done: 10 }), at(31), DEFAULT_SETTINGS)).toEqual([])
    expect(dueReminders(person({}, false), at(31), DEFAULT_SETTINGS)).toEqual([])
    expect(dueReminders(person(), at(31), { ...DEFAULT_SETTINGS, overdue: false })).toEqual([])
    expect(dueReminders(person(), at(24), { ...DEFAULT_SETTINGS, dueSoon: false })).toEqual([])
  })

  it('follows the organisation\'s days and overdue interval', () => {
    const settings = { ...DEFAULT_SETTINGS, dueSoonDays: [10], overdueEveryDays: 3 }
    expect(dueReminders(person(), at(20), settings).map(r => r.key)).toEqual(['due-soon:u1:essentials@2026-04-01:d10'])
    expect(dueReminders(person(), at(33), settings).map(r => r.key)).toEqual(['overdue:u1:essentials@2026-04-01:n1'])
  })

  it('gives a later due date (a new cycle, an extension) new keys', () => {
    const later = new Date(due.getTime() + 14 * DAY)
    expect(dueReminders(person({ dueAt: later }), at(30), DEFAULT_SETTINGS)).toEqual([])
    expect(dueReminders(person({ dueAt: later }), at(38), DEFAULT_SETTINGS).map(r => r.key)).toEqual(['due-soon:u1:essentials@2026-04-15:d7'])
  })

  it.each([
    [-40, []],
    [-29, ['cert-expiring:u1:C1:d30']],
    [-6, ['cert-expiring:u1:C1:d7']],
    [1, ['cert-expired:u1:C1']],
    [31, []],
  ])('for a certificate expiring %i days from now gives %j', (offset, keys) => {
    const expiresAt = new Date(at(200).getTime() - offset * DAY)
    const certified = person({ done: 10, certificate: { code: 'C1', issuedAt: start, expiresAt } })
    expect(dueReminders(certified, at(200), DEFAULT_SETTINGS).map(r => r.key)).toEqual(keys)
  })
})

describe('hrDue', () => {
  it('sends the digest from its weekday in each week and the summary once a month', () => {
    const settings = { ...DEFAULT_SETTINGS, hrDigestWeekday: 3 }
    expect(hrDue('h', new Date('2026-03-03T09:00:00Z'), settings).map(d => d.key)).toEqual(['hr-monthly:h:2026-03'])
    expect(hrDue('h', new Date('2026-03-04T09:00:00Z'), settings).map(d => d.key)).toEqual(['hr-digest:h:2026-03-02', 'hr-monthly:h:2026-03'])
    expect(hrDue('h', new Date('2026-03-08T09:00:00Z'), settings).map(d => d.key)).toEqual(['hr-digest:h:2026-03-02', 'hr-monthly:h:2026-03'])
  })
})
