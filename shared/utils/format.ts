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
