import type { Types } from 'mongoose'
import type {
  DepartmentFigures, DepartmentFilters, DepartmentPerson, DepartmentQuery, DepartmentReport,
  HrList, HrStatus, ListReport, ListRow, OverviewReport, OverviewRow,
} from '../../shared/schemas/hr'
import { DepartmentModel } from '../models/department'
import { LearnerSummaryModel } from '../models/learner-summary'
import { refreshLearner } from './learner-summary'

// The HR dashboards read LearnerSummary documents only: one per person, kept up to date
// by refreshLearner on every learning event. Their cost grows with the number of people
// shown, never with the number of learning events. Deactivated people are left out.

export const DAY = 86_400_000
export const EXPIRING_WITHIN_DAYS = 30

interface StatusFields { done: number, dueAt?: Date | null, certifiedUntil?: Date | null }

/**
 * Where a person stands now. Complete means holding a valid certificate for every
 * assigned path (refreshLearner issues one as soon as a path is complete); otherwise the
 * due date decides between overdue and on track, and nothing done means not started.
 */
export function hrStatus(summary: StatusFields, now: Date): HrStatus {
  if (summary.certifiedUntil && summary.certifiedUntil > now) return 'complete'
  if (summary.dueAt && summary.dueAt < now) return 'overdue'
  if (summary.done === 0) return 'not-started'
  return 'on-track'
}

/** The same rule as hrStatus, as a database filter. */
export function statusFilter(status: HrStatus, now: Date): Record<string, unknown> {
  const notComplete = { $or: [{ certifiedUntil: null }, { certifiedUntil: { $lte: now } }] }
  const notDue = { $or: [{ dueAt: null }, { dueAt: { $gte: now } }] }
  switch (status) {
    case 'complete': return { certifiedUntil: { $gt: now } }
    case 'overdue': return { $and: [notComplete, { dueAt: { $lt: now } }] }
    case 'not-started': return { $and: [notComplete, notDue, { done: 0 }] }
    case 'on-track': return { $and: [notComplete, notDue, { done: { $gt: 0 } }] }
  }
}

interface PathCertificates { paths?: { certificate?: { expiresAt?: Date | null } | null }[] | null }

/**
 * A certificate can lapse with no learning event to rewrite the summary (a new cycle
 * starts, with its own counts and due date). Such a summary is the only kind still
 * holding a certificate whose expiry has passed: refreshLearner keeps valid ones only.
 */
export const hasLapsed = (summary: PathCertificates, now: Date) =>
  (summary.paths ?? []).some(p => p.certificate?.expiresAt && p.certificate.expiresAt <= now)

const refreshing = new Map<string, Promise<unknown>>()

/** Rewrites these learners' summaries through refreshLearner (the one writer); concurrent readers share the work. */
export async function refreshSummaries(users: Types.ObjectId[], now: Date) {
  for (const user of users) {
    const key = String(user)
    let pending = refreshing.get(key)
    if (!pending) {
      pending = refreshLearner(user, now)
        // A failed rewrite leaves the old summary in place; the dashboard still answers.
        .catch(error => console.warn(`[hr] could not refresh the summary of ${key}: ${(error as Error).message}`))
        .finally(() => refreshing.delete(key))
      refreshing.set(key, pending)
    }
    await pending
  }
}

/** Reads summaries; if any has lapsed since it was written, rewrites those and reads again. */
async function readFresh<T extends PathCertificates & { user: Types.ObjectId }>(read: () => Promise<T[]>, now: Date): Promise<T[]> {
  const summaries = await read()
  const lapsed = summaries.filter(s => hasLapsed(s, now))
  if (!lapsed.length) return summaries
  await refreshSummaries(lapsed.map(s => s.user), now)
  return read()
}

let lastSweep = 0

/**
 * The organisation-wide lists read through indexes, not every summary: they look for
 * lapsed summaries with one query, at most once a minute (expiry is a matter of days).
 */
async function sweepLapsed(now: Date) {
  if (Date.now() - lastSweep < 60_000) return
  lastSweep = Date.now()
  const lapsed = await LearnerSummaryModel.find({ 'active': true, 'paths.certificate.expiresAt': { $lte: now } }, { user: 1 }).limit(1000).lean()
  await refreshSummaries(lapsed.map(s => s.user), now)
}

const dateOnly = (date?: Date | null) => (date ? date.toISOString().slice(0, 10) : null)

const emptyFigures = (): DepartmentFigures => ({ headcount: 0, onboarded: 0, complete: 0, onTrack: 0, overdue: 0, notStarted: 0, expiringSoon: 0 })

interface FigureFields extends StatusFields {
  onboardedAt?: Date | null
  paths?: { certificate?: { expiresAt?: Date | null } | null }[]
}

const FIGURE_PROJECTION = { _id: 0, user: 1, department: 1, done: 1, dueAt: 1, certifiedUntil: 1, onboardedAt: 1, startDate: 1, paths: 1 } as const

/** Adds one person to a department's figures. */
export function countPerson(figures: DepartmentFigures, summary: FigureFields, now: Date, expiringBefore: Date) {
  figures.headcount++
  if (summary.onboardedAt) figures.onboarded++
  const status = hrStatus(summary, now)
  if (status === 'complete') figures.complete++
  else if (status === 'overdue') figures.overdue++
  else if (status === 'on-track') figures.onTrack++
  else figures.notStarted++
  for (const path of summary.paths ?? []) {
    const expiresAt = path.certificate?.expiresAt
    if (expiresAt && expiresAt > now && expiresAt <= expiringBefore) figures.expiringSoon++
  }
}

/** Monday 00:00 UTC of the week holding `date`. */
export function weekStart(date: Date) {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY)
}

export async function overviewReport(now: Date, weeks: number): Promise<OverviewReport> {
  const expiringBefore = new Date(now.getTime() + EXPIRING_WITHIN_DAYS * DAY)
  const [departments, summaries] = await Promise.all([
    DepartmentModel.find({}, { name: 1, slug: 1 }).sort({ name: 1 }).lean(),
    readFresh(() => LearnerSummaryModel.find({ active: true }, FIGURE_PROJECTION).lean(), now),
  ])
  const rows = new Map<string, OverviewRow>(departments.map(d => [String(d._id), { slug: d.slug, name: d.name, ...emptyFigures() }]))
  const totals = emptyFigures()
  const firstWeek = new Date(weekStart(now).getTime() - (weeks - 1) * 7 * DAY)
  const series = Array.from({ length: weeks }, (_, i) => ({ start: new Date(firstWeek.getTime() + i * 7 * DAY), starters: 0, onboarded: 0, startedBy: 0, onboardedBy: 0 }))
  const weekOf = (date: Date) => Math.floor((date.getTime() - firstWeek.getTime()) / (7 * DAY))

  for (const summary of summaries) {
    const key = summary.department ? String(summary.department) : ''
    let row = rows.get(key)
    if (!row) rows.set(key, row = { slug: '', name: 'No department', ...emptyFigures() })
    countPerson(row, summary, now, expiringBefore)
    countPerson(totals, summary, now, expiringBefore)
    // Weekly series: people who had started (and finished onboarding) by the end of each week.
    const started = weekOf(summary.startDate)
    if (started >= 0 && started < weeks) series[started]!.starters++
    const onboarded = summary.onboardedAt ? weekOf(summary.onboardedAt) : weeks
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
  }
}

/** The department with this slug, or a 404 naming the field. */
export async function findDepartment(slug: string) {
  const department = await DepartmentModel.findOne({ slug }, { name: 1, slug: 1 }).lean()
  if (!department) {
    throw createError({
      statusCode: 404,
      statusMessage: `Invalid route: slug: there is no department "${slug}"`,
      data: { fields: [{ field: 'slug', message: `there is no department "${slug}"` }] },
    })
  }
  return department
}

const PERSON_PROJECTION = {
  _id: 0, user: 1, name: 1, email: 1, jobRole: 1, startDate: 1, done: 1, required: 1, progress: 1,
  dueAt: 1, certifiedUntil: 1, onboardedAt: 1, paths: 1,
} as const

interface PersonFields extends FigureFields {
  user: Types.ObjectId
  name: string
  email: string
  jobRole?: string | null
  startDate: Date
  required: number
  progress: number
}

export function departmentPerson(s: PersonFields, now: Date): DepartmentPerson {
  const valid = (s.paths ?? []).map(p => p.certificate?.expiresAt).filter((d): d is Date => !!d && d > now)
  const status = hrStatus(s, now)
  return {
    id: String(s.user),
    name: s.name,
    email: s.email,
    jobRole: s.jobRole ?? '',
    startDate: dateOnly(s.startDate)!,
    status,
    progress: s.progress,
    done: s.done,
    required: s.required,
    dueAt: dateOnly(s.dueAt),
    certifiedUntil: status === 'complete' ? dateOnly(s.certifiedUntil) : null,
    certificates: valid.length,
    paths: s.paths?.length ?? 0,
    nextExpiry: valid.length ? dateOnly(new Date(Math.min(...valid.map(d => d.getTime())))) : null,
  }
}

/**
 * The department's people, filtered and sorted. One department's summaries are read
 * once (index { department, active }) and the table is cut from them: the figures need
 * them all anyway, and the status is a rule on dates that hrStatus applies the same way
 * everywhere. The cost is the size of the department, whatever its history.
 */
export function selectPeople(people: PersonFields[], filters: DepartmentFilters, now: Date): DepartmentPerson[] {
  const from = filters.startFrom ? new Date(`${filters.startFrom}T00:00:00Z`) : null
  const to = filters.startTo ? new Date(new Date(`${filters.startTo}T00:00:00Z`).getTime() + DAY) : null
  const jobRole = filters.jobRole?.toLowerCase()
  const q = filters.q?.toLowerCase()
  const rows = people
    .filter(p => (!jobRole || (p.jobRole ?? '').toLowerCase() === jobRole)
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
  const department = await findDepartment(slug)
  const people = await readFresh(() => LearnerSummaryModel.find({ active: true, department: department._id }, PERSON_PROJECTION).lean() as Promise<PersonFields[]>, now)
  return { department, people }
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
    jobRoles: [...new Set(people.map(p => p.jobRole ?? '').filter(Boolean))].sort((a, b) => a.localeCompare(b, 'en')),
    total: rows.length,
    page: query.page,
    pageSize: query.pageSize,
    people: rows.slice((query.page - 1) * query.pageSize, query.page * query.pageSize),
  }
}

/** Every person of the department matching the filters, in the table's order (CSV). */
export async function departmentExport(slug: string, filters: DepartmentFilters, now: Date) {
  const { department, people } = await departmentPeople(slug, now)
  return { department, people: selectPeople(people, filters, now) }
}

// Action lists. "overdue" has a row per person; "expiring" and "recent" a row per certificate.
// (FerretDB 1.24's $unwind drops the document's other fields, so certificates are
// picked out of the matching summaries here rather than unwound in the database.)

interface ListOptions { department?: string, days: number }

async function findDepartmentForList(slug: string) {
  const department = await DepartmentModel.findOne({ slug }, { _id: 1 }).lean()
  if (!department) {
    throw createError({
      statusCode: 400,
      statusMessage: `Invalid query: department: there is no department "${slug}"`,
      data: { fields: [{ field: 'department', message: `there is no department "${slug}"` }] },
    })
  }
  return department
}

interface ListCertificate { code?: string | null, issuedAt?: Date | null, expiresAt?: Date | null }
interface ListSummary {
  user: Types.ObjectId
  name: string
  email: string
  department?: Types.ObjectId | null
  jobRole?: string | null
  startDate: Date
  progress: number
  dueAt?: Date | null
  paths?: { title: string, certificate?: ListCertificate | null }[]
}

const LIST_PROJECTION = { _id: 0, user: 1, name: 1, email: 1, department: 1, jobRole: 1, startDate: 1, progress: 1, dueAt: 1, paths: 1 } as const

function listRow(s: ListSummary, path: { title: string, certificate?: ListCertificate | null } | null, departments: Map<string, { slug: string, name: string }>): ListRow {
  const department = s.department ? departments.get(String(s.department)) : undefined
  return {
    id: String(s.user),
    name: s.name,
    email: s.email,
    department: department ? { slug: department.slug, name: department.name } : null,
    jobRole: s.jobRole ?? '',
    startDate: dateOnly(s.startDate)!,
    progress: s.progress,
    dueAt: dateOnly(s.dueAt),
    path: path?.title ?? null,
    certificate: path?.certificate?.code
      ? { code: path.certificate.code, issuedAt: dateOnly(path.certificate.issuedAt)!, expiresAt: dateOnly(path.certificate.expiresAt)! }
      : null,
  }
}

async function departmentNames() {
  const departments = await DepartmentModel.find({}, { name: 1, slug: 1 }).lean()
  return new Map(departments.map(d => [String(d._id), { slug: d.slug, name: d.name }]))
}

/** The list's rows in order; `page` cuts one page of them (the overdue list pages in the database). */
async function listRows(list: HrList, options: ListOptions, now: Date, page?: { page: number, pageSize: number }) {
  const match: Record<string, unknown> = { active: true }
  if (options.department) match.department = (await findDepartmentForList(options.department))._id
  await sweepLapsed(now)
  const departments = await departmentNames()

  if (list === 'overdue') {
    const filter = { ...match, ...statusFilter('overdue', now) }
    let query = LearnerSummaryModel.find(filter, LIST_PROJECTION).sort({ dueAt: 1, name: 1, _id: 1 })
    if (page) query = query.skip((page.page - 1) * page.pageSize).limit(page.pageSize)
    const [total, rows] = await Promise.all([page ? LearnerSummaryModel.countDocuments(filter) : Promise.resolve(-1), query.lean()])
    const out = (rows as ListSummary[]).map(r => listRow(r, null, departments))
    return { total: page ? total : out.length, rows: out }
  }

  const from = list === 'expiring' ? now : new Date(now.getTime() - options.days * DAY)
  const to = list === 'expiring' ? new Date(now.getTime() + options.days * DAY) : now
  const field = list === 'expiring' ? 'expiresAt' : 'issuedAt'
  const inWindow = (c?: ListCertificate | null) => {
    const at = c?.[field]
    return !!at && !!c?.expiresAt && c.expiresAt > now && (list === 'expiring' ? at > from && at <= to : at >= from && at <= to)
  }
  // The index on paths.certificate.<field> narrows the read to people with a certificate in the window.
  const summaries = await LearnerSummaryModel.find({ ...match, [`paths.certificate.${field}`]: { $gte: from, $lte: to } }, LIST_PROJECTION).lean() as ListSummary[]
  const rows = summaries.flatMap(s => (s.paths ?? []).filter(p => inWindow(p.certificate)).map(p => ({ s, p, at: p.certificate![field]!.getTime() })))
  rows.sort((a, b) => (list === 'expiring' ? a.at - b.at : b.at - a.at) || a.s.name.localeCompare(b.s.name, 'en') || String(a.s.user).localeCompare(String(b.s.user)))
  const shown = page ? rows.slice((page.page - 1) * page.pageSize, page.page * page.pageSize) : rows
  return { total: rows.length, rows: shown.map(r => listRow(r.s, r.p, departments)) }
}

export async function listReport(list: HrList, query: ListOptions & { page: number, pageSize: number }, now: Date): Promise<ListReport> {
  const { total, rows } = await listRows(list, query, now, query)
  return { list, days: query.days, total, page: query.page, pageSize: query.pageSize, rows }
}

export async function listExport(list: HrList, options: ListOptions, now: Date) {
  return (await listRows(list, options, now)).rows
}
