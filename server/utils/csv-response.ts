import { Readable } from 'node:stream'
import type { H3Event } from 'h3'
import { csvLine } from '../../shared/utils/csv'

// Streams a CSV download: a header row, then one line per row as the cursor yields it,
// so an export of thousands of people never sits in memory whole.

/**
 * A spreadsheet treats a cell starting with = + - @ as a formula; a name typed that way
 * must not run as one when HR opens the file (OWASP "CSV injection"). Text only: numbers
 * and dates are written as they are.
 */
export function safeText(value: string | null | undefined) {
  if (value == null) return ''
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

export function sendCsv(event: H3Event, filename: string, header: string[], rows: AsyncIterable<unknown[]>) {
  setResponseHeaders(event, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
    'cache-control': 'no-store',
  })
  async function* lines() {
    yield csvLine(header)
    for await (const row of rows) yield csvLine(row)
  }
  return sendStream(event, Readable.from(lines()))
}

export const csvDateStamp = (now: Date) => now.toISOString().slice(0, 10)
