import { describe, expect, it } from 'vitest'
import { DATE_INPUT_HINT, formatDevice, parseDate } from '../../shared/utils/format'

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
