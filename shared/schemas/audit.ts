import { z } from './zod.ts'
import { Email } from './accounts'
import { isTimeZone } from '../utils/format.ts'

// The audit log page (GET /api/audit, /api/audit.csv): who did what to whom and when.

export const AUDIT_KIND_LABELS: Record<string, string> = {
  'remedy.extra-attempts': 'Extra attempts granted',
  'remedy.lift-cooldown': 'Cooldown lifted',
  'remedy.extend-due-date': 'Due date extended',
  'remedy.exempt': 'Exempted from a path',
  'certificate.revoke': 'Certificate revoked',
  'user.create': 'Account created',
  'user.update': 'Account changed (role, department, details)',
  'user.deactivate': 'Account deactivated',
  'user.import': 'People imported',
  'user.password-reset': 'Password reset',
  'user.password-change': 'Own password changed',
  'department.create': 'Department created',
  'department.rename': 'Department renamed',
  'coaching.add': 'Coaching note added',
  'review.scorecard': 'Role-play run reviewed (scorecard)',
  'review.correct': 'Reviewed role-play result corrected',
}
export const AUDIT_KINDS = Object.keys(AUDIT_KIND_LABELS)

const blankIsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess(v => (v === '' ? undefined : v), schema.optional())
const isoDate = z.iso.date('must be a date written YYYY-MM-DD')

const filterFields = {
  person: blankIsAbsent(Email),
  actor: blankIsAbsent(Email),
  kind: blankIsAbsent(z.string().max(60).regex(/^[a-z]+(?:\.[a-z-]+)+$/, 'is not a kind of audit entry')),
  from: blankIsAbsent(isoDate),
  to: blankIsAbsent(isoDate),
}
const range = (f: { from?: string, to?: string }) => !f.from || !f.to || f.from <= f.to
const rangeError = { path: ['to'], message: 'must be on or after from' }

export const AuditFilters = z.object(filterFields).refine(range, rangeError)
export type AuditFilters = z.infer<typeof AuditFilters>
/**
 * The CSV download: the filters, and the reader's time zone (the page passes the browser's), so
 * its times read as the page shows them; UTC when absent.
 */
export const AuditCsvQuery = z.object({
  ...filterFields,
  tz: blankIsAbsent(z.string().max(64, 'is too long for a time zone').refine(isTimeZone, 'is not a time zone (such as Europe/London)')),
}).refine(range, rangeError)
export type AuditCsvQuery = z.infer<typeof AuditCsvQuery>
export const AuditQuery = z.object({
  ...filterFields,
  page: z.coerce.number('must be a whole number').int('must be a whole number').min(1, 'must be 1 or more').max(100_000).default(1),
  pageSize: z.coerce.number('must be a whole number').int('must be a whole number').min(5, 'must be at least 5').max(200, 'must be at most 200').default(50),
}).refine(range, rangeError)
export type AuditQuery = z.infer<typeof AuditQuery>

export interface AuditRow {
  id: string
  at: string
  kind: string
  kindLabel: string
  actor: { id: string, name: string, email: string } | null
  subject: { id: string, name: string, email: string } | null
  target: string
  summary: string
  reason: string | null
}

export interface AuditReport { total: number, page: number, pageSize: number, rows: AuditRow[], kinds: { kind: string, label: string }[], readOnlyScope: string | null }
