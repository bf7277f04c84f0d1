import { z } from './zod.ts'
import { DepartmentSlug } from './accounts'
import type { RemedyView } from './remedies'

// Queries and answers of the HR dashboards (server/api/hr/**), shared with the pages.

export const HR_STATUSES = ['not-started', 'on-track', 'overdue', 'complete', 'exempt'] as const
export const HrStatus = z.enum(HR_STATUSES)
export type HrStatus = z.infer<typeof HrStatus>

export const HR_STATUS_LABELS: Record<HrStatus, string> = {
  'not-started': 'Not started',
  'on-track': 'On track',
  'overdue': 'Overdue',
  'complete': 'Complete',
  'exempt': 'Exempt',
}

/** Sort keys of the department table; a leading "-" sorts descending. */
export const DEPARTMENT_SORT_KEYS = ['name', 'jobRole', 'startDate', 'progress', 'dueAt', 'certifiedUntil'] as const
export const DepartmentSort = z.enum([...DEPARTMENT_SORT_KEYS, ...DEPARTMENT_SORT_KEYS.map(k => `-${k}` as const)])
export type DepartmentSort = z.infer<typeof DepartmentSort>

// A form left blank sends `status=`: treat an empty value as absent.
const blankIsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess(v => (v === '' ? undefined : v), schema.optional())
const isoDate = z.iso.date('must be a date written YYYY-MM-DD')
const page = z.coerce.number('must be a whole number').int('must be a whole number').min(1, 'must be 1 or more').max(100_000, 'must be at most 100000').default(1)
const pageSize = z.coerce.number('must be a whole number').int('must be a whole number').min(5, 'must be at least 5').max(200, 'must be at most 200').default(25)

export const DepartmentParams = z.object({ slug: DepartmentSlug })

const departmentFilterFields = {
  status: blankIsAbsent(HrStatus),
  jobRole: blankIsAbsent(z.string().trim().min(1).max(80, 'must be at most 80 characters')),
  startFrom: blankIsAbsent(isoDate),
  startTo: blankIsAbsent(isoDate),
  q: blankIsAbsent(z.string().trim().min(1).max(100, 'must be at most 100 characters')),
  sort: z.preprocess(v => (v === '' ? undefined : v), DepartmentSort.default('name')),
}
const startRange = (f: { startFrom?: string, startTo?: string }) => !f.startFrom || !f.startTo || f.startFrom <= f.startTo
const startRangeError = { path: ['startTo'], message: 'must be on or after startFrom' }

/** The department table's filters and order (the CSV export takes the same). */
export const DepartmentFilters = z.object(departmentFilterFields).refine(startRange, startRangeError)
export type DepartmentFilters = z.infer<typeof DepartmentFilters>
export const DepartmentQuery = z.object({ ...departmentFilterFields, page, pageSize }).refine(startRange, startRangeError)
export type DepartmentQuery = z.infer<typeof DepartmentQuery>

export const HR_LISTS = ['overdue', 'expiring', 'recent'] as const
export const HrList = z.enum(HR_LISTS)
export type HrList = z.infer<typeof HrList>
export const HR_LIST_LABELS: Record<HrList, string> = {
  overdue: 'Overdue',
  expiring: 'Expiring',
  recent: 'Newly certified',
}

export const ListParams = z.object({ list: HrList })
export const ListFilters = z.object({
  department: blankIsAbsent(DepartmentSlug),
  // Window for "expiring" (the next N days) and "recent" (the last N days).
  days: z.coerce.number('must be a whole number').int('must be a whole number').min(1, 'must be at least 1').max(365, 'must be at most 365').default(30),
})
export const ListQuery = ListFilters.extend({ page, pageSize })

export const PersonParams = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, 'is not a person id') })

export interface DepartmentFigures {
  headcount: number
  onboarded: number
  complete: number
  onTrack: number
  overdue: number
  notStarted: number
  /** Exempt from every assigned path: counted apart from the statuses above, never overdue. */
  exempt: number
  expiringSoon: number
}

export interface OverviewRow extends DepartmentFigures { slug: string, name: string }

export interface OverviewReport {
  generatedAt: string
  expiringWithinDays: number
  departments: OverviewRow[]
  totals: DepartmentFigures
  weeks: { weekStart: string, starters: number, onboarded: number, startedBy: number, onboardedBy: number }[]
  period: PeriodComparison
}

/** What happened in a period: people who started, finished onboarding, were certified, missed a due date. */
export interface PeriodFigures { starters: number, onboarded: number, certified: number, missed: number }
export interface PeriodComparison {
  /** First and last day (inclusive, UTC) of the chosen period and of the one of the same length before it. */
  from: string
  to: string
  days: number
  previous: { from: string, to: string }
  current: PeriodFigures
  before: PeriodFigures
}

export interface DepartmentPerson {
  id: string
  name: string
  email: string
  jobRole: string
  startDate: string
  status: HrStatus
  progress: number
  done: number
  required: number
  dueAt: string | null
  certifiedUntil: string | null
  certificates: number
  paths: number
  nextExpiry: string | null
  /** When HR or the scheduler last sent this person a reminder (ISO), on report pages. */
  lastRemindedAt?: string | null
}

export interface DepartmentReport {
  department: { slug: string, name: string }
  figures: DepartmentFigures
  jobRoles: string[]
  total: number
  page: number
  pageSize: number
  people: DepartmentPerson[]
}

export interface ListRow {
  id: string
  name: string
  email: string
  department: { slug: string, name: string } | null
  jobRole: string
  startDate: string
  progress: number
  dueAt: string | null
  path: string | null
  certificate: { code: string, issuedAt: string, expiresAt: string } | null
  /** When HR or the scheduler last sent this person a reminder (ISO), on report pages. */
  lastRemindedAt?: string | null
}

export interface ListReport { list: HrList, days: number, total: number, page: number, pageSize: number, rows: ListRow[] }

export interface PersonReport {
  person: {
    id: string
    name: string
    email: string
    role: string
    department: { slug: string, name: string } | null
    jobRole: string
    startDate: string
    active: boolean
    status: HrStatus
    progress: number
    done: number
    required: number
    dueAt: string | null
    onboardedAt: string | null
    /** When HR or the scheduler last sent this person a reminder (ISO). */
    lastRemindedAt: string | null
  }
  paths: {
    id: string
    title: string
    cycle: number
    required: number
    done: number
    dueAt: string
    dueExtended: boolean
    exempt: boolean
    status: HrStatus
    certificateName: string
    items: { kind: 'lesson' | 'quiz' | 'scenario', id: string, title: string, done: boolean }[]
  }[]
  lessons: { course: string, courseTitle: string, lesson: string, title: string, completedAt: string, openedAt: string | null, secondsSpent: number | null, minutes: number | null }[]
  quizAttempts: { id: string, quiz: string, title: string, number: number, status: string, startedAt: string, submittedAt: string | null, score: number | null, correct: number | null, total: number | null, passed: boolean | null }[]
  scenarioRuns: { id: string, scenario: string, title: string, number: number, status: string, startedAt: string, completedAt: string | null, passed: boolean | null, scores: { skill: string, score: number }[] }[]
  certificates: { code: string, name: string, pathTitle: string, cycle: number, issuedAt: string, expiresAt: string, revokedAt: string | null, revokedReason: string | null, status: 'valid' | 'expired' | 'revoked' }[]
  remedies: RemedyView[]
}

const periodDate = z.iso.date('must be a date written YYYY-MM-DD')
export const PERIODS = ['30d', '90d', 'quarter', 'custom'] as const
export const OverviewQuery = z.object({
  weeks: z.coerce.number('must be a whole number').int('must be a whole number').min(4, 'must be at least 4').max(52, 'must be at most 52').default(12),
  // The period the flow figures count over: the last 30 or 90 days, this quarter so far, or from–to (inclusive).
  period: z.enum(PERIODS, 'must be 30d, 90d, quarter or custom').default('30d'),
  from: periodDate.optional(),
  to: periodDate.optional(),
}).superRefine((q, ctx) => {
  if (q.period !== 'custom') return
  if (!q.from) ctx.addIssue({ code: 'custom', path: ['from'], message: 'give the first day of the period' })
  if (!q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'give the last day of the period' })
  if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after the first day' })
  if (q.from && q.to && Date.parse(q.to) - Date.parse(q.from) > 366 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: 'the period can be at most a year long' })
})
export type OverviewQuery = z.infer<typeof OverviewQuery>
