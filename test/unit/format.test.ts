import { describe, expect, it } from 'vitest'
import { formatDateTime, formatMinutes } from '../../shared/utils/format'

describe('formatDateTime', () => {
  const at = '2026-12-01T18:19:46Z'

  it.each([
    ['UTC', 'down', '1 Dec 2026, 18:19 UTC'],
    ['UTC', 'up', '1 Dec 2026, 18:20 UTC'],
    ['Europe/Berlin', 'down', '1 Dec 2026, 19:19 CET'],
    ['America/New_York', 'up', '1 Dec 2026, 13:20 GMT-5'],
    ['Asia/Kolkata', 'down', '1 Dec 2026, 23:49 GMT+5:30'],
    ['Pacific/Auckland', 'down', '2 Dec 2026, 07:19 GMT+13'],
  ] as const)('shows the moment in %s, rounded %s', (timeZone, round, text) => {
    expect(formatDateTime(at, { timeZone, round })).toBe(text)
  })

  it('leaves a whole minute as it is when rounding up', () => {
    expect(formatDateTime('2026-12-01T18:20:00Z', { round: 'up', dateless: true })).toBe('18:20 UTC')
  })
})

describe('formatMinutes', () => {
  it.each([[0, '0 min'], [45, '45 min'], [60, '1 h'], [125, '2 h 5 min']])('%i minutes read %s', (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text)
  })
})
