import { describe, expect, it } from 'vitest'
import { decodeSummaries, encodeSummaries } from '../../server/domain/hr/summary-snapshot'
import type { SummaryEntry } from '../../server/domain/learning/summary-cache'

const at = (iso: string) => new Date(iso)
const entry = (user: string, overrides: Partial<SummaryEntry> = {}): SummaryEntry => ({
  user, name: `Person ${user}`, email: `${user}@example.test`, department: 'd1', jobRole: 'Cashier',
  startDate: at('2026-01-05T00:00:00Z'), active: true, done: 3, required: 12, progress: 25,
  dueAt: at('2026-02-04T00:00:00Z'), certifiedUntil: null, onboardedAt: null, exempt: false,
  updatedAt: at('2026-01-20T10:11:12.345Z'), rev: 7,
  paths: [{ path: 'new-staff-essentials', title: 'New staff essentials', exempt: false, required: 12, done: 3, dueAt: at('2026-02-04T00:00:00Z'), certificate: null }],
  ...overrides,
})

describe('the HR summary snapshot format', () => {
  it('gives back every field of every entry, dates, nulls and certificates included', () => {
    const entries = [
      entry('a'),
      entry('b', { department: null, jobRole: '', active: false, exempt: true, dueAt: null, onboardedAt: at('2025-03-01T00:00:00Z'), certifiedUntil: at('2027-03-01T00:00:00Z'), paths: [] }),
      entry('c', {
        paths: [
          { path: 'new-staff-essentials', title: 'New staff essentials', exempt: true, required: 0, done: 0, dueAt: null, certificate: { code: 'ABC', issuedAt: at('2025-03-01T00:00:00Z'), expiresAt: at('2026-03-01T00:00:00Z') } },
          { path: 'contact-centre-certification', title: 'Contact centre', exempt: false, required: 8, done: 8, dueAt: at('2026-04-01T00:00:00Z'), certificate: null },
        ],
      }),
    ]
    const encoded = JSON.parse(JSON.stringify(encodeSummaries(entries)))
    expect(decodeSummaries(encoded)).toEqual(entries)
    // Path slugs and titles are stored once.
    expect(encoded.paths).toHaveLength(2)
  })
})
