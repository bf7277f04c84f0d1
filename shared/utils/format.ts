// Pure formatting both sides use (pages, CSV exports, reports): one date format everywhere.

const LOCALE = 'en-GB'

/** "1 Dec 2026" (or "1 December 2026" with `long`), the same on the server and in every browser. */
export function formatDate(value: string | Date, style: 'short' | 'long' = 'short') {
  return new Date(value).toLocaleDateString(LOCALE, { day: 'numeric', month: style, year: 'numeric', timeZone: 'UTC' })
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
