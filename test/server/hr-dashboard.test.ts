import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '../../shared/utils/csv'
import { HR_STATUS_LABELS, type DepartmentReport, type ListReport, type OverviewReport, type PersonReport } from '../../shared/schemas/hr'
import { createPeople, openDatabase, signIn, type SignedIn, type TestPerson } from '../support/accounts'
import { DAY, completePath, recount, type RecountPerson } from '../support/hr'
import { completeCourse, library, readLesson } from '../support/learning'
import { dropDatabase, startServer, throwawayDatabaseUri, type TestServer } from '../support/server'

// A small organisation built through the real learning routes; every figure the HR
// dashboards show is checked against a recount from raw records.

// A database of its own, kept across the restarts at the end of this file.
const databaseUri = throwawayDatabaseUri()
let server: TestServer
let people: TestPerson[]
let hr: SignedIn
let admin: SignedIn
const now = Date.now()
const daysAgo = (days: number) => new Date(now - days * DAY)
const QUOTED_NAME = 'Rory "Red" O\'Hara, Jr'

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>) {
  const db = await openDatabase(server.databaseUri)
  try {
    return await work(db)
  }
  finally {
    await db.close()
  }
}
const person = (email: string) => people.find(p => p.email === email)!
const idOf = (email: string) => new Types.ObjectId(person(email).id)

/** Moves a learner's whole history back in time, with their certificates issued `issuedDaysAgo` and expiring `expiresInDays` from now. */
async function backdate(email: string, issuedDaysAgo: number, expiresInDays: number) {
  await withDatabase(async (db) => {
    const user = idOf(email)
    const before = daysAgo(issuedDaysAgo + 1)
    await db.collection('lessoncompletions').updateMany({ user }, { $set: { completedAt: before } })
    await db.collection('quizattempts').updateMany({ user }, { $set: { startedAt: before, submittedAt: before } })
    await db.collection('scenarioruns').updateMany({ user }, { $set: { startedAt: before, completedAt: before } })
    await db.collection('certificates').updateMany({ user }, { $set: { issuedAt: daysAgo(issuedDaysAgo), expiresAt: new Date(now + expiresInDays * DAY) } })
    // The learner record (the facts a learning event reads by _id) moves with the raw records.
    const record = (await db.collection('learnerrecords').findOne({ _id: user }))!
    for (const key of Object.keys(record.lessons)) record.lessons[key] = before
    for (const attempt of Object.values(record.quizAttempts) as Record<string, unknown>[]) Object.assign(attempt, { startedAt: before, submittedAt: before })
    for (const run of Object.values(record.scenarioRuns) as Record<string, unknown>[]) Object.assign(run, { startedAt: before, completedAt: before })
    for (const certificate of Object.values(record.certificates) as Record<string, unknown>[]) Object.assign(certificate, { issuedAt: daysAgo(issuedDaysAgo), expiresAt: new Date(now + expiresInDays * DAY) })
    await db.collection('learnerrecords').replaceOne({ _id: user }, record)
  })
}

/** Any learning event rewrites the summary: read the first lesson again (idempotent). */
async function touch(learner: SignedIn) {
  const lesson = library.lessons[0]!
  expect((await readLesson(learner, lesson.course, lesson.slug)).status).toBe(200)
}

beforeAll(async () => {
  server = await startServer({ databaseUri })
  people = await createPeople(server.databaseUri, [
    { email: 'admin@hr.test', role: 'admin', department: 'people-team', jobRole: 'Operations manager', startDate: daysAgo(400) },
    { email: 'hr@hr.test', role: 'hr', department: 'people-team', jobRole: 'HR adviser', startDate: daysAgo(200) },
    { email: 'ret-done@hr.test', name: 'Dana Done', role: 'staff', department: 'retail-floor', jobRole: 'Sales associate', startDate: daysAgo(20) },
    { email: 'ret-part@hr.test', name: 'Parker Part', role: 'staff', department: 'retail-floor', jobRole: 'Cashier', startDate: daysAgo(10) },
    { email: 'ret-new@hr.test', name: 'Nina New', role: 'staff', department: 'retail-floor', jobRole: 'Sales associate', startDate: daysAgo(3) },
    { email: 'ret-late@hr.test', name: 'Larry Late', role: 'staff', department: 'retail-floor', jobRole: 'Cashier', startDate: daysAgo(60) },
    { email: 'ret-slow@hr.test', name: 'Sol Slow', role: 'staff', department: 'retail-floor', jobRole: 'Sales associate', startDate: daysAgo(45) },
    { email: 'ret-expired@hr.test', name: QUOTED_NAME, role: 'staff', department: 'retail-floor', jobRole: 'Floor supervisor', startDate: daysAgo(500) },
    { email: 'ret-lapsed@hr.test', name: 'Lee Lapsed', role: 'staff', department: 'retail-floor', jobRole: 'Sales associate', startDate: daysAgo(400) },
    { email: 'ret-expiring@hr.test', name: 'Eve Expiring', role: 'staff', department: 'retail-floor', jobRole: 'Cashier', startDate: daysAgo(380) },
    { email: 'cc-done@hr.test', name: 'Cora Complete', role: 'staff', department: 'contact-centre', jobRole: 'Contact-centre agent', startDate: daysAgo(30) },
    { email: 'cc-half@hr.test', name: 'Hal Half', role: 'staff', department: 'contact-centre', jobRole: 'Team leader', startDate: daysAgo(40) },
    { email: 'cc-none@hr.test', name: 'Nora None', role: 'staff', department: 'contact-centre', jobRole: 'Contact-centre agent', startDate: daysAgo(70) },
    { email: 'as-one@hr.test', name: 'Ash One', role: 'staff', department: 'after-sales', jobRole: 'Repair coordinator', startDate: daysAgo(5) },
    { email: 'as-gone@hr.test', name: 'Gus Gone', role: 'staff', department: 'after-sales', jobRole: 'Repair coordinator', startDate: daysAgo(90) },
  ])
  admin = await signIn(server, 'admin@hr.test')
  hr = await signIn(server, 'hr@hr.test')
  expect((await admin.json('/api/departments', { method: 'POST', body: { name: 'Quiet Corner', slug: 'quiet-corner' } })).status).toBe(201)
  // People written straight into the database get their summary the way the app gives
  // one to everyone it creates: an update through the users API runs refreshLearner.
  for (const p of people) {
    const res = await admin.json(`/api/users/${p.id}`, { method: 'PATCH', body: { name: p.name } })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
  }

  const learner = (email: string) => signIn(server, email)
  await Promise.all([
    learner('ret-done@hr.test').then(l => completePath(l, 'new-staff-essentials')),
    learner('ret-part@hr.test').then(l => completeCourse(l, 'why-service-matters')),
    learner('ret-slow@hr.test').then(l => completeCourse(l, 'service-principles')),
    learner('ret-expired@hr.test').then(l => completePath(l, 'new-staff-essentials')),
    learner('ret-lapsed@hr.test').then(l => completePath(l, 'new-staff-essentials')),
    learner('ret-expiring@hr.test').then(l => completePath(l, 'new-staff-essentials')),
    learner('cc-done@hr.test').then(async l => completePath(l, 'contact-centre-certification', await completePath(l, 'new-staff-essentials'))),
    learner('cc-half@hr.test').then(l => completePath(l, 'new-staff-essentials')),
    learner('as-one@hr.test').then(l => completeCourse(l, 'after-sales-service')),
    learner('as-gone@hr.test').then(l => completeCourse(l, 'why-service-matters')),
  ])

  // Expired a year on: the certificate's date is moved into the past, then a learning
  // event rewrites the summary (a new cycle starts; lessons read stay read).
  await backdate('ret-expired@hr.test', 370, -5)
  await touch(await learner('ret-expired@hr.test'))
  // Expiring in ten days.
  await backdate('ret-expiring@hr.test', 355, 10)
  await touch(await learner('ret-expiring@hr.test'))
  // Lapsed yesterday with no event since: the summary still says certified until yesterday.
  await backdate('ret-lapsed@hr.test', 366, -1)
  await withDatabase(db => db.collection('learnersummaries').updateOne({ user: idOf('ret-lapsed@hr.test') }, {
    $set: { 'certifiedUntil': daysAgo(1), 'completedAt': daysAgo(366), 'onboardedAt': daysAgo(366), 'paths.0.certificate.expiresAt': daysAgo(1), 'paths.0.certificate.issuedAt': daysAgo(366) },
  }))
  // Deactivated people are left out of every figure.
  expect((await admin.json(`/api/users/${person('as-gone@hr.test').id}`, { method: 'PATCH', body: { active: false } })).status).toBe(200)
}, 240_000)

afterAll(async () => {
  await server?.stop()
  await dropDatabase(databaseUri)
})

const recountNow = () => withDatabase(db => recount(db, new Date()))
const byId = (list: RecountPerson[]) => new Map(list.map(p => [p.id, p]))
const dateOnly = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null)

describe('HR overview', () => {
  it('shows every department\'s figures and the totals exactly as a recount from raw records gives them', async () => {
    const res = await hr.json<OverviewReport>('/api/hr/overview')
    expect(res.status).toBe(200)
    const expected = await recountNow()
    expect(res.body.totals).toEqual(expected.totals)
    expect(res.body.departments.map(d => d.slug).sort()).toEqual(expected.departments.map(d => d.slug).sort())
    for (const department of expected.departments) {
      expect(res.body.departments.find(d => d.slug === department.slug), department.slug).toEqual(department)
    }
  })

  it('counts the people the organisation was built with, in the states they were put in', async () => {
    const { body } = await hr.json<OverviewReport>('/api/hr/overview')
    const retail = body.departments.find(d => d.slug === 'retail-floor')!
    // done, part, new, late, slow, expired, lapsed, expiring
    expect(retail).toMatchObject({ headcount: 8, complete: 2, onboarded: 4, overdue: 2, notStarted: 1, onTrack: 3, expiringSoon: 1 })
    expect(body.departments.find(d => d.slug === 'contact-centre')).toMatchObject({ headcount: 3, complete: 1, onboarded: 1, overdue: 1, onTrack: 1, notStarted: 0 })
    // The deactivated person is not counted.
    expect(body.departments.find(d => d.slug === 'after-sales')).toMatchObject({ headcount: 1, onTrack: 1 })
    expect(body.departments.find(d => d.slug === 'quiet-corner')).toMatchObject({ headcount: 0, complete: 0 })
    expect(body.totals.headcount).toBe(14)
  })

  it('draws the weekly onboarding series from start and onboarding dates', async () => {
    const { body } = await hr.json<OverviewReport>('/api/hr/overview?weeks=52')
    expect(body.weeks).toHaveLength(52)
    const { people: everyone } = await recountNow()
    for (const week of body.weeks) {
      const start = new Date(`${week.weekStart}T00:00:00Z`)
      expect(start.getUTCDay()).toBe(1)
      const end = new Date(start.getTime() + 7 * DAY)
      const within = (d: Date | null) => !!d && d >= start && d < end
      expect(week, week.weekStart).toEqual({
        weekStart: week.weekStart,
        starters: everyone.filter(p => within(p.startDate)).length,
        onboarded: everyone.filter(p => within(p.onboardedAt)).length,
        startedBy: everyone.filter(p => p.startDate < end).length,
        onboardedBy: everyone.filter(p => p.onboardedAt && p.onboardedAt < end).length,
      })
    }
    expect(body.weeks.at(-1)!.onboardedBy).toBe(5)
  })

  it('counts the chosen period and the one of the same length before it, as a recount does', async () => {
    const { people: everyone } = await recountNow()
    const iso = (d: Date) => d.toISOString().slice(0, 10)
    const cases: [string, number | null][] = [['', 30], ['?period=90d', 90], ['?period=quarter', null], [`?period=custom&from=${iso(daysAgo(380))}&to=${iso(daysAgo(21))}`, 360]]
    for (const [query, days] of cases) {
      const res = await hr.json<OverviewReport>(`/api/hr/overview${query}`)
      expect(res.status, query).toBe(200)
      const period = res.body.period
      if (days) expect(period.days, query).toBe(days)
      const start = (d: string) => new Date(`${d}T00:00:00Z`)
      const end = (d: string) => new Date(start(d).getTime() + DAY)
      // The previous period ends the day before, and is as long.
      expect(end(period.previous.to).getTime(), query).toBe(start(period.from).getTime())
      expect(end(period.previous.to).getTime() - start(period.previous.from).getTime()).toBe(period.days * DAY)
      const figures = (from: Date, to: Date) => {
        const inside = (d: Date | null) => !!d && d >= from && d < to
        return {
          starters: everyone.filter(p => inside(p.startDate)).length,
          onboarded: everyone.filter(p => inside(p.onboardedAt)).length,
          certified: everyone.flatMap(p => p.certificates).filter(c => inside(c.issuedAt)).length,
          missed: everyone.filter(p => p.status !== 'complete' && p.status !== 'exempt' && inside(p.dueAt) && p.dueAt! < new Date()
            && !(p.onboardedAt && p.onboardedAt <= p.dueAt!)).length,
        }
      }
      expect(period.current, query).toEqual(figures(start(period.from), end(period.to)))
      expect(period.before, query).toEqual(figures(start(period.previous.from), end(period.previous.to)))
    }
    // The organisation was built to have events in the last 30 days and before them.
    const { body } = await hr.json<OverviewReport>('/api/hr/overview?period=30d')
    expect(body.period.current.starters).toBeGreaterThan(0)
    expect(body.period.current.certified).toBeGreaterThan(0)
    expect(body.period.before.starters).toBeGreaterThan(0)
  })

  it('refuses a custom period without dates, ending before it starts, or longer than a year', async () => {
    for (const [query, field] of [
      ['period=custom&to=2026-01-31', 'from'], ['period=custom&from=2026-02-01&to=2026-01-01', 'to'],
      ['period=custom&from=2024-01-01&to=2026-01-01', 'to'], ['period=week', 'period'], ['period=custom&from=2026-13-01&to=2026-12-01', 'from'],
    ]) {
      const res = await hr.json<{ data: { fields: { field: string }[] } }>(`/api/hr/overview?${query}`)
      expect(res.status, query).toBe(400)
      expect(res.body.data.fields.map(f => f.field), query).toContain(field)
    }
  })

  it('refuses a bad weeks value, naming the field', async () => {
    const res = await hr.json<{ data: { fields: { field: string }[] } }>('/api/hr/overview?weeks=1000')
    expect(res.status).toBe(400)
    expect(res.body.data.fields.map(f => f.field)).toEqual(['weeks'])
  })

  it('is for HR and administrators only', async () => {
    const staff = await signIn(server, 'ret-new@hr.test')
    for (const url of ['/api/hr/overview', '/api/hr/departments/retail-floor', '/api/hr/overview.csv', `/api/hr/people/${person('ret-new@hr.test').id}`]) {
      expect((await staff.fetch(url)).status, url).toBe(403)
    }
    expect((await admin.json('/api/hr/overview')).status).toBe(200)
  })
})

describe('HR department page', () => {
  async function everyPage(slug: string, query = '') {
    const rows: DepartmentReport['people'] = []
    for (let page = 1; ; page++) {
      const res = await hr.json<DepartmentReport>(`/api/hr/departments/${slug}?pageSize=5&page=${page}${query}`)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      rows.push(...res.body.people)
      if (page * 5 >= res.body.total) return { rows, total: res.body.total }
    }
  }

  it('lists each person with the status, progress, due date and certificate a recount gives', async () => {
    const expected = await recountNow()
    for (const department of expected.departments) {
      const res = await hr.json<DepartmentReport>(`/api/hr/departments/${department.slug}?pageSize=200`)
      expect(res.status).toBe(200)
      const { slug, name, ...figures } = department
      expect(res.body.department).toEqual({ slug, name })
      expect(res.body.figures).toEqual(figures)
      const mine = expected.people.filter(p => p.department === slug)
      expect(res.body.total).toBe(mine.length)
      const recounted = byId(mine)
      for (const row of res.body.people) {
        const p = recounted.get(row.id)!
        expect(row, p.email).toMatchObject({
          name: p.name,
          email: p.email,
          jobRole: p.jobRole,
          startDate: dateOnly(p.startDate),
          status: p.status,
          done: p.done,
          required: p.required,
          progress: p.required ? Math.round((p.done / p.required) * 100) : 0,
          dueAt: dateOnly(p.dueAt),
          certificates: p.certificates.length,
          nextExpiry: p.certificates.length ? dateOnly(new Date(Math.min(...p.certificates.map(c => c.expiresAt.getTime())))) : null,
          certifiedUntil: p.status === 'complete' ? dateOnly(new Date(Math.min(...p.certificates.map(c => c.expiresAt.getTime())))) : null,
        })
      }
    }
  })

  it('shows an expired certificate as a new cycle: not certified, on track, onboarded once', async () => {
    const expected = byId((await recountNow()).people)
    const { body } = await hr.json<DepartmentReport>('/api/hr/departments/retail-floor?pageSize=200')
    for (const email of ['ret-expired@hr.test', 'ret-lapsed@hr.test']) {
      const row = body.people.find(p => p.email === email)!
      expect(row.status, email).toBe('on-track')
      expect(row.certificates).toBe(0)
      expect(row.done).toBeLessThan(row.required)
      expect(expected.get(row.id)!.onboardedAt).not.toBeNull()
    }
    // The lapsed summary was rewritten by refreshLearner when the dashboard read it.
    const summary = await withDatabase(db => db.collection('learnersummaries').findOne({ user: idOf('ret-lapsed@hr.test') }))
    expect(summary!.certifiedUntil).toBeNull()
    expect(summary!.onboardedAt).toBeInstanceOf(Date)
  })

  it('filters by status, job role, start date and name, the same way a recount does', async () => {
    const retail = (await recountNow()).people.filter(p => p.department === 'retail-floor')
    const ids = (rows: { id: string }[]) => rows.map(r => r.id).sort()
    for (const status of ['not-started', 'on-track', 'overdue', 'complete'] as const) {
      const { rows } = await everyPage('retail-floor', `&status=${status}`)
      expect(ids(rows), status).toEqual(ids(retail.filter(p => p.status === status)))
    }
    const cashiers = await everyPage('retail-floor', '&jobRole=cashier')
    expect(ids(cashiers.rows)).toEqual(ids(retail.filter(p => p.jobRole === 'Cashier')))
    const from = dateOnly(daysAgo(60))!
    const to = dateOnly(daysAgo(10))!
    const started = await everyPage('retail-floor', `&startFrom=${from}&startTo=${to}`)
    expect(ids(started.rows)).toEqual(ids(retail.filter(p => dateOnly(p.startDate)! >= from && dateOnly(p.startDate)! <= to)))
    expect(started.rows.length).toBe(4)
    const search = await everyPage('retail-floor', `&q=${encodeURIComponent('o\'hara')}`)
    expect(search.rows.map(r => r.name)).toEqual([QUOTED_NAME])
    const combined = await everyPage('retail-floor', '&status=overdue&jobRole=Cashier')
    expect(combined.rows.map(r => r.email)).toEqual(['ret-late@hr.test'])
  })

  it('sorts and paginates on the server', async () => {
    const byProgress = await everyPage('retail-floor', '&sort=-progress')
    expect(byProgress.total).toBe(8)
    const progress = byProgress.rows.map(r => r.progress)
    expect(progress).toEqual([...progress].sort((a, b) => b - a))
    const byStart = await everyPage('retail-floor', '&sort=startDate')
    expect(byStart.rows.map(r => r.startDate)).toEqual(byStart.rows.map(r => r.startDate).sort())
    const page2 = await hr.json<DepartmentReport>('/api/hr/departments/retail-floor?pageSize=5&page=2&sort=name')
    expect(page2.body.people.map(p => p.name)).toEqual(byStart.rows.map(r => r.name).sort((a, b) => a.localeCompare(b, 'en')).slice(5))
  })

  it('answers an unknown department with 404 and bad filters with 400, naming the field', async () => {
    const unknown = await hr.json<{ data: { fields: { field: string }[] }, message: string }>('/api/hr/departments/no-such-place')
    expect(unknown.status).toBe(404)
    expect(unknown.body.data.fields[0]!.field).toBe('slug')
    expect(unknown.body.message).toContain('no-such-place')
    const cases: [string, string][] = [
      ['status=done', 'status'],
      ['sort=salary', 'sort'],
      ['startFrom=2026-02-30', 'startFrom'],
      ['startFrom=2026-05-01&startTo=2026-04-01', 'startTo'],
      ['page=0', 'page'],
      ['pageSize=5000', 'pageSize'],
      [`q=${'x'.repeat(101)}`, 'q'],
    ]
    for (const [query, field] of cases) {
      const res = await hr.json<{ data: { fields: { field: string }[] } }>(`/api/hr/departments/retail-floor?${query}`)
      expect(res.status, query).toBe(400)
      expect(res.body.data.fields.map(f => f.field), query).toContain(field)
    }
    expect((await hr.fetch('/api/hr/departments/Not_A_Slug')).status).toBe(400)
  })
})

describe('HR lists', () => {
  it('lists the overdue people, the certificates expiring within 30 days and the recent certificates', async () => {
    const { people: everyone } = await recountNow()
    const overdue = await hr.json<ListReport>('/api/hr/lists/overdue?pageSize=200')
    expect(overdue.status).toBe(200)
    const expectedOverdue = everyone.filter(p => p.status === 'overdue').sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime())
    expect(overdue.body.rows.map(r => r.email)).toEqual(expectedOverdue.map(p => p.email))
    expect(overdue.body.total).toBe(5)

    const certificates = everyone.flatMap(p => p.certificates.map(c => ({ ...c, email: p.email })))
    const expiring = await hr.json<ListReport>('/api/hr/lists/expiring')
    const expectedExpiring = certificates.filter(c => c.expiresAt.getTime() <= now + 30 * DAY)
    expect(expiring.body.rows.map(r => [r.email, r.certificate!.code])).toEqual(expectedExpiring.map(c => [c.email, c.code]))
    expect(expiring.body.rows.map(r => r.email)).toEqual(['ret-expiring@hr.test'])

    const recent = await hr.json<ListReport>('/api/hr/lists/recent?pageSize=200')
    const expectedRecent = certificates.filter(c => c.issuedAt.getTime() >= Date.now() - 30 * DAY)
    expect(recent.body.rows.map(r => r.certificate!.code).sort()).toEqual(expectedRecent.map(c => c.code).sort())
    expect(recent.body.total).toBe(4) // ret-done, cc-done (two paths), cc-half

    const retailOnly = await hr.json<ListReport>('/api/hr/lists/overdue?department=retail-floor')
    expect(retailOnly.body.rows.map(r => r.email).sort()).toEqual(['ret-late@hr.test', 'ret-slow@hr.test'])
  })

  it('refuses an unknown list, an unknown department and a bad window', async () => {
    expect((await hr.fetch('/api/hr/lists/everyone')).status).toBe(400)
    const department = await hr.json<{ data: { fields: { field: string }[] } }>('/api/hr/lists/overdue?department=atlantis')
    expect(department.status).toBe(400)
    expect(department.body.data.fields[0]!.field).toBe('department')
    const days = await hr.json<{ data: { fields: { field: string }[] } }>('/api/hr/lists/expiring?days=0')
    expect(days.body.data.fields[0]!.field).toBe('days')
  })
})

describe('HR person page', () => {
  it('shows paths, lessons, quiz scores, per-skill role-play scores and certificates', async () => {
    const res = await hr.json<PersonReport>(`/api/hr/people/${person('cc-done@hr.test').id}`)
    expect(res.status).toBe(200)
    const { body } = res
    expect(body.person).toMatchObject({ email: 'cc-done@hr.test', status: 'complete', progress: 100, department: { slug: 'contact-centre' } })
    expect(body.paths.map(p => p.id).sort()).toEqual(['contact-centre-certification', 'new-staff-essentials'])
    for (const path of body.paths) expect(path.done).toBe(path.required)
    expect(body.lessons.length).toBe(new Set(body.paths.flatMap(p => p.items.filter(i => i.kind === 'lesson').map(i => i.id))).size)
    expect(body.quizAttempts.every(a => a.status === 'submitted' && a.passed && typeof a.score === 'number')).toBe(true)
    expect(body.scenarioRuns.length).toBe(new Set(body.paths.flatMap(p => p.items.filter(i => i.kind === 'scenario').map(i => i.id))).size)
    expect(body.scenarioRuns.every(r => r.passed && r.scores.length > 0)).toBe(true)
    expect(body.certificates.map(c => c.status)).toEqual(['valid', 'valid'])
  })

  it('keeps the history of an expired certificate beside the new cycle', async () => {
    const { body } = await hr.json<PersonReport>(`/api/hr/people/${person('ret-expired@hr.test').id}`)
    expect(body.person.name).toBe(QUOTED_NAME)
    expect(body.person.status).toBe('on-track')
    expect(body.person.onboardedAt).not.toBeNull()
    expect(body.paths[0]).toMatchObject({ id: 'new-staff-essentials', cycle: 2 })
    expect(body.certificates).toHaveLength(1)
    expect(body.certificates[0]).toMatchObject({ cycle: 1, status: 'expired' })
  })

  it('answers 400 for a malformed id and 404 for nobody', async () => {
    expect((await hr.fetch('/api/hr/people/not-an-id')).status).toBe(400)
    expect((await hr.fetch('/api/hr/people/0123456789abcdef01234567')).status).toBe(404)
  })
})

describe('HR CSV exports', () => {
  const iso = /^\d{4}-\d{2}-\d{2}$/

  it('streams the department table with its filters and order, a header row, RFC 4180 quoting and ISO dates', async () => {
    const query = 'sort=-startDate&status=on-track'
    const res = await hr.fetch(`/api/hr/departments/retail-floor/people.csv?${query}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="retail-floor-people-\d{4}-\d{2}-\d{2}\.csv"/)
    const text = await res.text()
    expect(text).toContain('"Rory ""Red"" O\'Hara, Jr"')
    const [header, ...rows] = parseCsv(text)
    expect(header).toEqual(['Name', 'Email', 'Job role', 'Start date', 'Status', 'Progress (%)', 'Items done', 'Items required', 'Due date', 'Certified until', 'Valid certificates', 'Assigned paths', 'Next certificate expiry'])
    const table = await hr.json<DepartmentReport>(`/api/hr/departments/retail-floor?${query}&pageSize=200`)
    expect(rows).toEqual(table.body.people.map(p => [
      p.name, p.email, p.jobRole, p.startDate, HR_STATUS_LABELS[p.status], String(p.progress), String(p.done), String(p.required),
      p.dueAt ?? '', p.certifiedUntil ?? '', String(p.certificates), String(p.paths), p.nextExpiry ?? '',
    ]))
    expect(rows.length).toBe(3)
    for (const row of rows) {
      expect(row[3]).toMatch(iso)
      expect(row[8]).toMatch(iso)
    }
  })

  it('exports the overview with a totals row matching the recount', async () => {
    const text = await (await hr.fetch('/api/hr/overview.csv')).text()
    const [header, ...rows] = parseCsv(text)
    expect(header![0]).toBe('Department slug')
    const expected = await recountNow()
    expect(rows.at(-1)).toEqual(['', 'All departments', ...[
      expected.totals.headcount, expected.totals.onboarded, Math.round(expected.totals.onboarded / expected.totals.headcount * 100),
      expected.totals.complete, Math.round(expected.totals.complete / expected.totals.headcount * 100),
      expected.totals.onTrack, expected.totals.overdue, expected.totals.notStarted, expected.totals.exempt, expected.totals.expiringSoon,
    ].map(String)])
    const retail = rows.find(r => r[0] === 'retail-floor')!
    const recounted = expected.departments.find(d => d.slug === 'retail-floor')!
    expect(retail.slice(2, 4)).toEqual([String(recounted.headcount), String(recounted.onboarded)])
    expect(rows).toHaveLength(expected.departments.length + 1)
  })

  it('exports an action list as shown, and refuses a bad filter before streaming', async () => {
    const [header, ...rows] = parseCsv(await (await hr.fetch('/api/hr/lists/expiring/export.csv')).text())
    expect(header).toEqual(['Name', 'Email', 'Department', 'Job role', 'Start date', 'Progress (%)', 'Due date', 'Path', 'Certificate code', 'Issued', 'Expires'])
    expect(rows).toHaveLength(1)
    expect(rows[0]!.slice(0, 3)).toEqual(['Eve Expiring', 'ret-expiring@hr.test', 'Retail Floor'])
    expect(rows[0]![9]).toMatch(iso)
    expect(rows[0]![10]).toBe(dateOnly(new Date(now + 10 * DAY)))
    const bad = await hr.fetch('/api/hr/departments/retail-floor/people.csv?status=nope')
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).not.toContain('text/csv')
  })
})

// On the embedded engine the HR copy of the summaries comes, after a start, from a sealed
// snapshot read by _id (server/domain/hr/summary-snapshot.ts) or, when the last process did not
// seal it (a crash), from every summary. Either way every figure must equal a recount.
describe('HR figures across restarts', () => {
  const snapshotHead = () => withDatabase(db => db.collection<{ _id: string, state?: string }>('summarysnapshots').findOne({ _id: 'learner-summaries' }))
  const snapshotCount = () => withDatabase(async db => (await db.collection<{ _id: string, count?: number }>('summarysnapshots').findOne({ _id: 'learner-summaries:data' }))?.count)
  const summaryCount = () => withDatabase(db => db.collection('learnersummaries').countDocuments())

  async function expectRecountedOverview() {
    const res = await hr.json<OverviewReport>('/api/hr/overview?weeks=52')
    expect(res.status).toBe(200)
    const expected = await recountNow()
    expect(res.body.totals).toEqual(expected.totals)
    expect(res.body.departments.map(d => d.slug).sort()).toEqual(expected.departments.map(d => d.slug).sort())
    for (const department of expected.departments) {
      expect(res.body.departments.find(d => d.slug === department.slug), department.slug).toEqual(department)
    }
    const end = (week: { weekStart: string }) => new Date(Date.parse(`${week.weekStart}T00:00:00Z`) + 7 * DAY)
    for (const week of res.body.weeks) {
      expect(week.startedBy, week.weekStart).toBe(expected.people.filter(p => p.startDate < end(week)).length)
      expect(week.onboardedBy, week.weekStart).toBe(expected.people.filter(p => p.onboardedAt && p.onboardedAt < end(week)).length)
    }
    const retail = await hr.json<DepartmentReport>('/api/hr/departments/retail-floor?pageSize=100')
    const recounted = byId(expected.people)
    for (const row of retail.body.people) expect(row.status, row.email).toBe(recounted.get(row.id)!.status)
    return res.body
  }

  async function restart() {
    server = await startServer({ databaseUri })
    admin = await signIn(server, 'admin@hr.test')
    hr = await signIn(server, 'hr@hr.test')
  }

  it('seals a snapshot of every summary on a clean stop, and the next start shows the same figures from it', async () => {
    // A learning event and an HR edit after the copy was read: the snapshot must hold them.
    await completeCourse(await signIn(server, 'ret-new@hr.test'), 'why-service-matters')
    expect((await admin.json(`/api/users/${person('cc-none@hr.test').id}`, { method: 'PATCH', body: { active: false } })).status).toBe(200)
    const before = await expectRecountedOverview()
    await server.stop()
    expect((await snapshotHead())?.state).toBe('sealed')
    expect(await snapshotCount()).toBe(await summaryCount())

    await restart()
    expect(await expectRecountedOverview()).toEqual({ ...before, generatedAt: expect.any(String) })
    expect(server.output()).toMatch(/learner summaries: \d+ read from the sealed snapshot/)
  }, 120_000)

  it('opens the snapshot before the first summary written after the start, and stays exact through a mix of events', async () => {
    expect((await snapshotHead())?.state).toBe('sealed')
    await completeCourse(await signIn(server, 'ret-slow@hr.test'), 'why-service-matters')
    expect((await snapshotHead())?.state).toBe('open')
    expect((await admin.json(`/api/users/${person('cc-none@hr.test').id}`, { method: 'PATCH', body: { active: true } })).status).toBe(200)
    expect((await admin.json(`/api/users/${person('as-one@hr.test').id}`, { method: 'PATCH', body: { active: false } })).status).toBe(200)
    await touch(await signIn(server, 'ret-expiring@hr.test'))
    await expectRecountedOverview()
  }, 120_000)

  it('reads every summary after a crash left the snapshot open, and shows the figures a recount gives', async () => {
    await completeCourse(await signIn(server, 'cc-half@hr.test'), 'why-service-matters')
    expect((await admin.json(`/api/users/${person('as-one@hr.test').id}`, { method: 'PATCH', body: { active: true } })).status).toBe(200)
    const exited = new Promise(resolve => server.child.once('exit', resolve))
    server.child.kill('SIGKILL')
    await exited
    expect((await snapshotHead())?.state).toBe('open')

    await restart()
    await expectRecountedOverview()
    expect(server.output()).toMatch(/learner summaries: \d+ read one by one \(no sealed snapshot\)/)
  }, 120_000)
})
