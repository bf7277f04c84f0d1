// Pure formatting both sides use (pages, CSV exports, reports): one date format everywhere.

/**
 * The organisation's locale (admin → Organisation) decides how every date reads: on pages,
 * certificates, e-mails and the import. One value for the whole organisation, so it is kept
 * here and set once per side: the server from its settings (server/domain/mail/org-settings.ts),
 * the browser from the page payload (plugins/org-locale.ts). Times are still shown in the
 * reader's own time zone (LocalTime).
 */
export const ORG_LOCALES = {
  'en-GB': 'English (UK)',
  'en-US': 'English (US)',
  'de-DE': 'Deutsch',
  'fr-FR': 'Français',
  'nl-NL': 'Nederlands',
  'es-ES': 'Español',
} as const
export type OrgLocale = keyof typeof ORG_LOCALES
export const ORG_LOCALE_CODES = Object.keys(ORG_LOCALES) as [OrgLocale, ...OrgLocale[]]
export const DEFAULT_LOCALE: OrgLocale = 'en-GB'

let LOCALE: OrgLocale = DEFAULT_LOCALE
const isOrgLocale = (value: unknown): value is OrgLocale => typeof value === 'string' && value in ORG_LOCALES

/** Sets the organisation's locale for every later format and parse on this side; an unknown one falls back to en-GB. */
export function setFormatLocale(locale: string | null | undefined) {
  LOCALE = isOrgLocale(locale) ? locale : DEFAULT_LOCALE
}
export const formatLocale = () => LOCALE

const DATE_STYLES = {
  short: { day: 'numeric', month: 'short', year: 'numeric' },
  long: { day: 'numeric', month: 'long', year: 'numeric' },
  numeric: { day: '2-digit', month: '2-digit', year: 'numeric' },
  full: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  month: { month: 'long', year: 'numeric' },
  day: { day: 'numeric', month: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>
export type DateStyle = keyof typeof DATE_STYLES

/**
 * A calendar date in the organisation's locale, the same on the server and in every browser:
 * en-GB "1 Dec 2026" (short), "1 December 2026" (long), "01/12/2026" (numeric),
 * "Tuesday 1 December 2026" (full), "December 2026" (month), "1 Dec" (day);
 * en-US "Dec 1, 2026", "12/01/2026", …
 */
export function formatDate(value: string | Date, style: DateStyle = 'short', locale: OrgLocale = LOCALE) {
  return new Date(value).toLocaleDateString(locale, { ...DATE_STYLES[style], timeZone: 'UTC' })
}

const EXAMPLE_DAY = new Date(Date.UTC(2026, 11, 1))
interface LocaleDates { monthNames: string[][], dayFirst: boolean }
const localeDates = new Map<OrgLocale, LocaleDates>()
function datesOf(locale: OrgLocale): LocaleDates {
  let known = localeDates.get(locale)
  if (known) return known
  const clean = (text: string) => text.toLowerCase().replace(/\.$/, '')
  const monthNames = Array.from({ length: 12 }, (_, i) => {
    const at = new Date(Date.UTC(2026, i, 1))
    const names = [locale, 'en-GB'].flatMap((l) => {
      const long = clean(at.toLocaleDateString(l, { month: 'long', timeZone: 'UTC' }))
      return [long, clean(at.toLocaleDateString(l, { month: 'short', timeZone: 'UTC' })), long.slice(0, 3)]
    })
    return [...new Set(names)]
  })
  // Whether the locale writes the day before the month (01/12/2026 in en-GB, 12/01/2026 in en-US).
  const order = new Intl.DateTimeFormat(locale, { timeZone: 'UTC' }).formatToParts(EXAMPLE_DAY).map(p => p.type)
  known = { monthNames, dayFirst: order.indexOf('day') < order.indexOf('month') }
  localeDates.set(locale, known)
  return known
}

/** How a date may be written, for messages: "2026-12-01 or 01/12/2026" (en-GB), "2026-12-01 or 12/01/2026" (en-US). */
export const dateInputHint = (locale: OrgLocale = LOCALE) => `2026-12-01 or ${formatDate(EXAMPLE_DAY, 'numeric', locale)}`

/**
 * A date as people type it in a file or a form: ISO (2026-12-01) or the organisation's own
 * way (01/12/2026, 1.12.2026, 1 Dec 2026, 1 December 2026 in en-GB; 12/01/2026 in en-US).
 * Returns YYYY-MM-DD, or null when it is not a real calendar date or could be read two
 * ways (a two-digit year).
 */
export function parseDate(text: string, locale: OrgLocale = LOCALE): string | null {
  const t = text.trim()
  const { monthNames, dayFirst } = datesOf(locale)
  let year: number, month: number, day: number
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t)
  if (m) [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  else if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t))) {
    const [a, b] = [Number(m[1]), Number(m[2])]
    ;[day, month, year] = dayFirst ? [a, b, Number(m[3])] : [b, a, Number(m[3])]
  }
  else if ((m = /^(\d{1,2})\.?\s+(?:de\s+)?([\p{L}]+)\.?,?\s+(?:de\s+)?(\d{4})$/u.exec(t)) || (m = /^([\p{L}]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/u.exec(t))) {
    const named = /^\d/.test(m[1]!) ? m[2]! : m[1]!
    const index = monthNames.findIndex(names => names.includes(named.toLowerCase()))
    if (index < 0) return null
    ;[day, month, year] = [Number(/^\d/.test(m[1]!) ? m[1] : m[2]), index + 1, Number(m[3])]
  }
  else return null
  const at = new Date(Date.UTC(year, month - 1, day))
  if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) return null
  return at.toISOString().slice(0, 10)
}

/** A whole percentage: 0.874 → "87%" when given a share, 87 → "87%" when given a percent. */
export function formatPercent(value: number, of: 'share' | 'percent' = 'percent') {
  return `${Math.round(of === 'share' ? value * 100 : value)}%`
}

/**
 * A moment as date and time in the given time zone (the browser passes its own; the server,
 * which cannot know the reader's, passes UTC): "1 Dec 2026, 18:20 GMT+1". `round: 'up'` is for
 * a moment the reader waits for ("you can try again from …"): it moves to the next whole
 * minute, so the time shown is never earlier than the moment itself; past moments are cut
 * to the minute, as a clock shows them.
 */
export function formatDateTime(value: string | Date, options: { timeZone?: string, round?: 'up' | 'down', dateless?: boolean } = {}) {
  const ms = new Date(value).getTime()
  const minute = 60_000
  const at = new Date(options.round === 'up' ? Math.ceil(ms / minute) * minute : Math.floor(ms / minute) * minute)
  const timeZone = options.timeZone ?? 'UTC'
  const parts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone, timeZoneName: 'short' }
  if (!options.dateless) Object.assign(parts, { day: 'numeric', month: 'short', year: 'numeric' })
  return new Intl.DateTimeFormat(LOCALE, parts).format(at)
}

/** The reader's time zone as the browser reports it (IANA name), or UTC where there is none (the server). */
export function browserTimeZone() {
  return 'document' in globalThis ? Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' : 'UTC'
}

/** A duration in minutes as people say it: "45 min", "2 h", "2 h 5 min". */
export function formatMinutes(minutes: number) {
  const m = Math.max(0, Math.round(minutes))
  if (m < 60) return `${m} min`
  return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m / 60} h`
}

/** A short name for a browser from its user-agent string: "Chrome on Android". */
export function formatDevice(agent: string) {
  if (!agent) return 'Unknown browser'
  const browser = /Edg\//.test(agent) ? 'Edge' : /Firefox\//.test(agent) ? 'Firefox' : /Chrom(e|ium)\//.test(agent) ? 'Chrome' : /Safari\//.test(agent) ? 'Safari' : agent.split(/[ /]/)[0]
  const system = /Android/.test(agent) ? 'Android' : /iPhone|iPad/.test(agent) ? 'iOS' : /Windows/.test(agent) ? 'Windows' : /Mac OS X/.test(agent) ? 'macOS' : /Linux/.test(agent) ? 'Linux' : ''
  return system ? `${browser} on ${system}` : browser
}

/**
 * A content version as trainers read it: its number in the order Rapport first saw the item's
 * versions and the day it was first seen, "Version 3 · 2 Dec 2026" (the hash is shown beside it,
 * smaller). A version learners took before Rapport dated versions, no longer current, has
 * neither: "Earlier version (undated)".
 */
export function formatVersionLabel(label: { ordinal: number | null, firstSeen: string | Date | null }, locale: OrgLocale = LOCALE) {
  if (label.ordinal === null || !label.firstSeen) return 'Earlier version (undated)'
  return `Version ${label.ordinal} · ${formatDate(label.firstSeen, 'short', locale)}`
}

/** Whether `zone` is a time zone this runtime knows (IANA name such as Europe/London, or UTC). */
export function isTimeZone(zone: string) {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone })
    return true
  }
  catch {
    return false
  }
}
