import type {
  DepartmentFigures, DepartmentFilters, DepartmentPerson, DepartmentQuery, DepartmentReport,
  HrList, HrStatus, ListReport, ListRow, OverviewReport, OverviewRow,
} from '../../../shared/schemas/hr'
import { OverviewQuery } from '../../../shared/schemas/hr'
import { DepartmentModel } from '../../models/department'
import { LearnerSummaryModel } from '../../models/learner-summary'
import type { SummaryEntry } from '../learning/summary-cache'
import { activeSummaries, summariesVersion } from '../learning/summary-store'
import { refreshLearner } from '../learning/refresh-learner'
import { lastReminded } from '../mail/notices'
import { databaseEngine } from '../../utils/db-engine'
import { comparePeriods, resolvePeriod, type Period } from './hr-period'

// The HR dashboards read learner summaries only (server/domain/learning/summary-store.ts: from
// MongoDB through their indexes, or on FerretDB from this process's copy), never raw learning history: their cost
// grows with the number of people shown, not with the number of learning events.
// Deactivated people are left out. Time-dependent states are derived here, from dates.

export const DAY = 86_400_000
export const EXPIRING_WITHIN_DAYS = 30

interface StatusFields { done: number, dueAt?: Date | null, certifiedUntil?: Date | null, exempt?: boolean | null }

/**
 * Where a person stands now. Complete means holding a valid certificate for every
 * assigned path (refreshLearner issues one as soon as a path is complete); otherwise the
 * due date decides between overdue and on track, and nothing done means not started.
 */
export function hrStatus(summary: StatusFields, now: Date): HrStatus {
  // Exempt from every assigned path (a remedy): counted apart, never overdue.
  if (summary.exempt) return 'exempt'
  if (summary.certifiedUntil && summary.certifiedUntil > now) return 'complete'
  if (summary.dueAt && summary.dueAt < now) return 'overdue'
  if (summary.done === 0) return 'not-started'
  return 'on-track'
}

/**
 * A certificate can lapse with no learning event to rewrite the summary (a new cycle
 * starts, with its own counts and due date). Such a summary is the only kind still
 * holding a certificate whose expiry has passed: refreshLearner keeps valid ones only.
 */
export const hasLapsed = (summary: Pick<SummaryEntry, 'paths'>, now: Date) =>
  summary.paths.some(p => p.certificate && p.certificate.expiresAt <= now)

const refreshing = new Map<string, Promise<unknown>>()

/** Rewrites these learners' summaries through refreshLearner (the one writer); concurrent readers share the work. */
async function refreshSummaries(users: string[], now: Date) {
  for (const user of users) {
    let pending = refreshing.get(user)
    if (!pending) {
      pending = refreshLearner(user, now)
        // A failed rewrite leaves the old summary in place; the dashboard still answers.
        .catch(error => console.warn(`[hr] could not refresh the summary of ${user}: ${(error as Error).message}`))
        .finally(() => refreshing.delete(user))
      refreshing.set(user, pending)
    }
    await pending
  }
}

/** The active people (of one department, if given), with any lapsed summary rewritten first. */
async function activePeople(now: Date, department?: string): Promise<SummaryEntry[]> {
  const pick = () => activeSummaries(department)
  const people = await pick()
  const lapsed = people.filter(p => hasLapsed(p, now))
  if (!lapsed.length) return people
  await refreshSummaries(lapsed.map(p => p.user), now)
  return pick()
}

const dateOnly = (date?: Date | null) => (date ? date.toISOString().slice(0, 10) : null)

const emptyFigures = (): DepartmentFigures => ({ headcount: 0, onboarded: 0, complete: 0, onTrack: 0, overdue: 0, notStarted: 0, exempt: 0, expiringSoon: 0 })

/** Adds one person to a department's figures. */
export function countPerson(figures: DepartmentFigures, person: SummaryEntry, now: Date, expiringBefore: Date) {
  figures.headcount++
  if (person.onboardedAt) figures.onboarded++
  const status = hrStatus(person, now)
  if (status === 'complete') figures.complete++
  else if (status === 'overdue') figures.overdue++
  else if (status === 'on-track') figures.onTrack++
  else if (status === 'exempt') figures.exempt++
  else figures.notStarted++
  for (const path of person.paths) {
    const expiresAt = path.certificate?.expiresAt
    if (expiresAt && expiresAt > now && expiresAt <= expiringBefore) figures.expiringSoon++
  }
}

/** Monday 00:00 UTC of the week holding `date`. */
export function weekStart(date: Date) {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY)
}

interface Departments { at: number, byId: Map<string, { slug: string, name: string }>, bySlug: Map<string, { _id: string, slug: string, name: string }> }
let departmentCache: Departments | undefined
let loadingDepartments: Promise<Departments> | undefined

/**
 * Departments, read at most every 30 s (each read scans the collection on FerretDB) and
 * again whenever a slug is not found, so a new department shows at once and a renamed
 * one within half a minute.
 */
async function departments(maxAgeMs = 30_000): Promise<Departments> {
  if (departmentCache && Date.now() - departmentCache.at <= maxAgeMs) return departmentCache
  loadingDepartments ??= DepartmentModel.find({}, { name: 1, slug: 1 }).sort({ name: 1 }).lean()
    .then((rows) => {
      departmentCache = {
        at: Date.now(),
        byId: new Map(rows.map(d => [String(d._id), { slug: d.slug, name: d.name }])),
        bySlug: new Map(rows.map(d => [d.slug, { _id: String(d._id), slug: d.slug, name: d.name }])),
      }
      return departmentCache
    })
    .finally(() => {
      loadingDepartments = undefined
    })
  return loadingDepartments
}

let lastOverview: { key: string, report: OverviewReport } | undefined
let computingOverview: { key: string, promise: Promise<OverviewReport> } | undefined

/**
 * The overview for `now`. Ten HR people opening it at once get one computation: it is
 * kept while no summary has changed and for at most a minute (statuses move with time).
 */
export async function overviewReport(now: Date, weeks: number, period: Period = resolvePeriod({ period: '30d' }, now)): Promise<OverviewReport> {
  const [version, { at }] = await Promise.all([summariesVersion(), departments()])
  const key = `${version}:${at}:${weeks}:${period.from.getTime()}-${period.to.getTime()}:${Math.floor(now.getTime() / 60_000)}`
  if (lastOverview?.key === key) return lastOverview.report
  if (computingOverview?.key !== key) {
    const promise = computeOverview(now, weeks, period)
    computingOverview = { key, promise }
    promise.then((report) => {
      lastOverview = { key, report }
    }, () => undefined).finally(() => {
      if (computingOverview?.promise === promise) computingOverview = undefined
    })
  }
  return computingOverview.promise
}

/**
 * Start-up work of the embedded engine, off the request path: reads every learner summary
 * into this process (summary-cache.ts) and computes the default overview, so the first HR
 * request after a start finds both ready. On MongoDB there is nothing to hold: a no-op.
 */
export async function warmHrDashboards(now = new Date()) {
  if (databaseEngine() !== 'ferretdb') return
  // An empty database has nothing to read ahead; its summaries arrive as they are written.
  // One document with a limit, which FerretDB pushes down; a count there decodes every summary.
  if (!await LearnerSummaryModel.exists({})) return
  const query = OverviewQuery.parse({})
  await overviewReport(now, query.weeks, resolvePeriod(query, now))
}

async function computeOverview(now: Date, weeks: number, period: Period): Promise<OverviewReport> {
  const expiringBefore = new Date(now.getTime() + EXPIRING_WITHIN_DAYS * DAY)
  const [{ byId }, people] = await Promise.all([departments(), activePeople(now)])
  const rows = new Map<string, OverviewRow>([...byId].map(([id, d]) => [id, { ...d, ...emptyFigures() }]))
  const totals = emptyFigures()
  const firstWeek = new Date(weekStart(now).getTime() - (weeks - 1) * 7 * DAY)
  const series = Array.from({ length: weeks }, (_, i) => ({ start: new Date(firstWeek.getTime() + i * 7 * DAY), starters: 0, onboarded: 0, startedBy: 0, onboardedBy: 0 }))
  const weekOf = (date: Date) => Math.floor((date.getTime() - firstWeek.getTime()) / (7 * DAY))

  for (const person of people) {
    const key = person.department ?? ''
    let row = rows.get(key)
    if (!row) rows.set(key, row = { slug: '', name: 'No department', ...emptyFigures() })
    countPerson(row, person, now, expiringBefore)
    countPerson(totals, person, now, expiringBefore)
    // Weekly series: people who had started (and finished onboarding) by the end of each week.
    const started = weekOf(person.startDate)
    if (started >= 0 && started < weeks) series[started]!.starters++
    const onboarded = person.onboardedAt ? weekOf(person.onboardedAt) : weeks
    if (onboarded >= 0 && onboarded < weeks) series[onboarded]!.onboarded++
    for (let i = Math.max(0, started); i < weeks; i++) series[i]!.startedBy++
    for (let i = Math.max(0, onboarded); i < weeks; i++) series[i]!.onboardedBy++
  }
  return {
    generatedAt: now.toISOString(),
    expiringWithinDays: EXPIRING_WITHIN_DAYS,
    // Departments without anyone in them yet are still listed (headcount 0).
    departments: [...rows.values()].filter(r => r.slug || r.headcount),
    totals,
    weeks: series.map(w => ({ weekStart: dateOnly(w.start)!, starters: w.starters, onboarded: w.onboarded, startedBy: w.startedBy, onboardedBy: w.onboardedBy })),
    period: comparePeriods(people, period, now),
  }
}

/** The department with this slug, or a 4xx naming the field. */
async function findDepartment(slug: string, field: 'slug' | 'department') {
  const department = (await departments()).bySlug.get(slug) ?? (await departments(0)).bySlug.get(slug)
  if (!department) {
    throw invalidField(field === 'slug' ? 'route' : 'query', field, `there is no department "${slug}"`, field === 'slug' ? 404 : 400)
  }
  return department
}

export function departmentPerson(s: SummaryEntry, now: Date): DepartmentPerson {
  const valid = s.paths.map(p => p.certificate?.expiresAt).filter((d): d is Date => !!d && d > now)
  const status = hrStatus(s, now)
  return {
    id: s.user,
    name: s.name,
    email: s.email,
    jobRole: s.jobRole,
    startDate: dateOnly(s.startDate)!,
    status,
    progress: s.progress,
    done: s.done,
    required: s.required,
    dueAt: dateOnly(s.dueAt),
    certifiedUntil: status === 'complete' ? dateOnly(s.certifiedUntil) : null,
    certificates: valid.length,
    paths: s.paths.length,
    nextExpiry: valid.length ? dateOnly(new Date(Math.min(...valid.map(d => d.getTime())))) : null,
  }
}

/** The department's people, filtered by the table's filters and in its order. */
export function selectPeople(people: SummaryEntry[], filters: DepartmentFilters, now: Date): DepartmentPerson[] {
  const from = filters.startFrom ? new Date(`${filters.startFrom}T00:00:00Z`) : null
  const to = filters.startTo ? new Date(new Date(`${filters.startTo}T00:00:00Z`).getTime() + DAY) : null
  const jobRole = filters.jobRole?.toLowerCase()
  const q = filters.q?.toLowerCase()
  const rows = people
    .filter(p => (!jobRole || p.jobRole.toLowerCase() === jobRole)
      && (!from || p.startDate >= from) && (!to || p.startDate < to)
      && (!q || p.name.toLowerCase().includes(q) || p.email.toLowerCase().includes(q)))
    .map(p => departmentPerson(p, now))
    .filter(p => !filters.status || p.status === filters.status)
  const descending = filters.sort.startsWith('-')
  const key = (descending ? filters.sort.slice(1) : filters.sort) as keyof DepartmentPerson
  const byName = (a: DepartmentPerson, b: DepartmentPerson) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id)
  return rows.sort((a, b) => {
    const x = a[key]
    const y = b[key]
    // Blank values (no due date, no certificate) go last whichever way the column is sorted.
    if (x !== y && (x === null || y === null)) return x === null ? 1 : -1
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''), 'en')
    return (descending ? -order : order) || byName(a, b)
  })
}

async function departmentPeople(slug: string, now: Date) {
  const department = await findDepartment(slug, 'slug')
  return { department, people: await activePeople(now, department._id) }
}

export async function departmentReport(slug: string, query: DepartmentQuery, now: Date): Promise<DepartmentReport> {
  const { department, people } = await departmentPeople(slug, now)
  const expiringBefore = new Date(now.getTime() + EXPIRING_WITHIN_DAYS * DAY)
  const figures = emptyFigures()
  for (const person of people) countPerson(figures, person, now, expiringBefore)
  const rows = selectPeople(people, query, now)
  return {
    department: { slug: department.slug, name: department.name },
    figures,
    jobRoles: [...new Set(people.map(p => p.jobRole).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'en')),
    total: rows.length,
    page: query.page,
    pageSize: query.pageSize,
    people: await withLastReminded(rows.slice((query.page - 1) * query.pageSize, query.page * query.pageSize)),
  }
}

/** Adds when each person on the page was last reminded (one lookup by _id per row shown). */
async function withLastReminded<T extends { id: string }>(rows: T[]): Promise<(T & { lastRemindedAt: string | null })[]> {
  const reminded = await lastReminded([...new Set(rows.map(r => r.id))])
  return rows.map(r => ({ ...r, lastRemindedAt: reminded.get(r.id)?.toISOString() ?? null }))
}

/** Every person of the department matching the filters, in the table's order (CSV). */
export async function departmentExport(slug: string, filters: DepartmentFilters, now: Date) {
  const { department, people } = await departmentPeople(slug, now)
  return { department, people: selectPeople(people, filters, now) }
}

// Action lists. "overdue" has a row per person; "expiring" and "recent" a row per certificate.

interface ListOptions { department?: string, days: number }

function listRow(s: SummaryEntry, path: SummaryEntry['paths'][number] | null, departments: Map<string, { slug: string, name: string }>): ListRow {
  const department = s.department ? departments.get(s.department) : undefined
  return {
    id: s.user,
    name: s.name,
    email: s.email,
    department: department ?? null,
    jobRole: s.jobRole,
    startDate: dateOnly(s.startDate)!,
    progress: s.progress,
    dueAt: dateOnly(s.dueAt),
    path: path?.title ?? null,
    certificate: path?.certificate
      ? { code: path.certificate.code, issuedAt: dateOnly(path.certificate.issuedAt)!, expiresAt: dateOnly(path.certificate.expiresAt)! }
      : null,
  }
}

/** The list's rows in order. */
async function listRows(list: HrList, options: ListOptions, now: Date): Promise<ListRow[]> {
  const department = options.department ? (await findDepartment(options.department, 'department'))._id : undefined
  const [{ byId }, people] = await Promise.all([departments(), activePeople(now, department)])
  const byName = (a: SummaryEntry, b: SummaryEntry) => a.name.localeCompare(b.name, 'en') || a.user.localeCompare(b.user)

  if (list === 'overdue') {
    return people.filter(p => hrStatus(p, now) === 'overdue')
      .sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime() || byName(a, b))
      .map(p => listRow(p, null, byId))
  }
  const from = list === 'expiring' ? now.getTime() : now.getTime() - options.days * DAY
  const to = list === 'expiring' ? now.getTime() + options.days * DAY : now.getTime()
  const rows = people.flatMap(p => p.paths.flatMap((path) => {
    const c = path.certificate
    if (!c || c.expiresAt <= now) return []
    const at = (list === 'expiring' ? c.expiresAt : c.issuedAt).getTime()
    const inside = list === 'expiring' ? at > from && at <= to : at >= from && at <= to
    return inside ? [{ p, path, at }] : []
  }))
  rows.sort((a, b) => (list === 'expiring' ? a.at - b.at : b.at - a.at) || byName(a.p, b.p))
  return rows.map(r => listRow(r.p, r.path, byId))
}

export async function listReport(list: HrList, query: ListOptions & { page: number, pageSize: number }, now: Date): Promise<ListReport> {
  const rows = await listRows(list, query, now)
  return {
    list,
    days: query.days,
    total: rows.length,
    page: query.page,
    pageSize: query.pageSize,
    rows: await withLastReminded(rows.slice((query.page - 1) * query.pageSize, query.page * query.pageSize)),
  }
}

export const listExport = listRows
