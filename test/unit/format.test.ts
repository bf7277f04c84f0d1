import { afterEach, describe, expect, it } from 'vitest'
import { dateInputHint, formatDate, formatDateTime, formatDevice, formatMinutes, formatLocale, isTimeZone, parseDate, setFormatLocale } from '../../shared/utils/format'

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
    expect(dateInputHint()).toBe('2026-12-01 or 01/12/2026')
  })
})

describe('the organisation\'s locale', () => {
  afterEach(() => setFormatLocale('en-GB'))
  const day = '2026-12-03T10:00:00Z'

  it.each([
    ['en-GB', '3 Dec 2026', '3 December 2026', '03/12/2026', 'Thursday, 3 December 2026', 'December 2026', '3 Dec'],
    ['en-US', 'Dec 3, 2026', 'December 3, 2026', '12/03/2026', 'Thursday, December 3, 2026', 'December 2026', 'Dec 3'],
    ['de-DE', '3. Dez. 2026', '3. Dezember 2026', '03.12.2026', 'Donnerstag, 3. Dezember 2026', 'Dezember 2026', '3. Dez.'],
  ] as const)('writes every date style the %s way once it is set', (locale, short, long, numeric, full, month, dayOnly) => {
    setFormatLocale(locale)
    expect(formatLocale()).toBe(locale)
    expect([formatDate(day), formatDate(day, 'long'), formatDate(day, 'numeric'), formatDate(day, 'full'), formatDate(day, 'month'), formatDate(day, 'day')])
      .toEqual([short, long, numeric, full, month, dayOnly])
  })

  it('reads 03/12/2026 as 3 December in en-GB and as 12 March in en-US', () => {
    expect(parseDate('03/12/2026', 'en-GB')).toBe('2026-12-03')
    expect(parseDate('03/12/2026', 'en-US')).toBe('2026-03-12')
    setFormatLocale('en-US')
    expect(parseDate('03/12/2026')).toBe('2026-03-12')
    expect(parseDate('12/31/2026')).toBe('2026-12-31')
    expect(parseDate('31/12/2026')).toBeNull()
    expect(dateInputHint()).toBe('2026-12-01 or 12/01/2026')
  })

  it.each([
    ['de-DE', '3.12.2026', '2026-12-03'],
    ['de-DE', '3. Dezember 2026', '2026-12-03'],
    ['fr-FR', '3 déc. 2026', '2026-12-03'],
    ['es-ES', '3 de diciembre de 2026', '2026-12-03'],
    ['nl-NL', '3-12-2026', '2026-12-03'],
  ] as const)('reads a %s date %j', (locale, text, iso) => {
    expect(parseDate(text, locale)).toBe(iso)
  })

  it('refuses a two-digit year, which could be read more than one way, and falls back to en-GB for an unknown locale', () => {
    expect(parseDate('03/12/26', 'en-US')).toBeNull()
    setFormatLocale('xx-YY')
    expect(formatLocale()).toBe('en-GB')
  })

  it('shows moments in the organisation\'s locale, in the reader\'s time zone', () => {
    setFormatLocale('en-US')
    expect(formatDateTime('2026-12-01T18:19:46Z', { timeZone: 'America/New_York' })).toBe('Dec 1, 2026, 13:19 EST')
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

describe('isTimeZone', () => {
  it.each(['UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata'])('knows %s', (zone) => {
    expect(isTimeZone(zone)).toBe(true)
  })
  it.each(['Mars/Olympus', 'Europe/Londres', '', '<script>'])('refuses "%s"', (zone) => {
    expect(isTimeZone(zone)).toBe(false)
  })
})
