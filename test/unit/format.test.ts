import { describe, expect, it } from 'vitest'
import { DATE_INPUT_HINT, formatDateTime, formatDevice, formatMinutes, parseDate } from '../../shared/utils/format'

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

describe('parseDate (ISO or the organisation\'s en-GB way)', () => {
  it.each([
    ['2026-12-01', '2026-12-01'],
    ['2026-1-5', '2026-01-05'],
    ['01/12/2026', '2026-12-01'],
    ['1/12/2026', '2026-12-01'],
    ['31.01.2027', '2027-01-31'],
    ['05-03-2026', '2026-03-05'],
    ['1 Dec 2026', '2026-12-01'],
    ['1 December 2026', '2026-12-01'],
    ['14 Sept 2026', '2026-09-14'],
    ['14 sep 2026', '2026-09-14'],
    ['December 1, 2026', '2026-12-01'],
    ['  29/02/2028 ', '2028-02-29'],
  ])('reads %j as %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso)
  })

  it.each([['31/02/2026'], ['13/13/2026'], ['12/31/2026'], ['2026-13-01'], ['1 Smarch 2026'], ['tomorrow'], [''], ['01/12/26']])('refuses %j', (text) => {
    expect(parseDate(text)).toBeNull()
  })

  it('says how a date may be written', () => {
    expect(DATE_INPUT_HINT).toBe('2026-12-01 or 01/12/2026')
  })
})

describe('formatDevice', () => {
  it.each([
    ['Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36', 'Chrome on Android'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1', 'Safari on iOS'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on Windows'],
    ['', 'Unknown browser'],
  ])('names %j as %s', (agent, name) => {
    expect(formatDevice(agent)).toBe(name)
  })
})
