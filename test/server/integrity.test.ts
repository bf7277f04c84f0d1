import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '../../shared/utils/csv'
import type { DepartmentReport, OverviewReport, PersonReport } from '../../shared/schemas/hr'
import type { AuditReport } from '../../shared/schemas/audit'
import { createPeople, openDatabase, signIn, type SignedIn, type TestPerson } from '../support/accounts'
import { library, playScenario, takeQuiz, type AttemptView, type RunView } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

// Issue 10: what a learner sees after an attempt, role-play replies in a fair order,
// reading that counts, remedies for stuck learners and the audit log — all through HTTP.

let server: TestServer
let people: TestPerson[]
const as = new Map<string, SignedIn>()
const DAY = 86_400_000
const QUIZ = 'why-service-matters-quiz'
const SCENARIO = 'store-return-personal'

const idOf = (email: string) => people.find(p => p.email === email)!.id
async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>) {
  const db = await openDatabase(server.databaseUri)
  try {
    return await work(db)
  }
  finally {
    await db.close()
  }
}

/** Moves a learner's attempts back in time, past any cooldown. */
async function pastCooldown(email: string) {
  const user = new Types.ObjectId(idOf(email))
  const submittedAt = new Date(Date.now() - 3 * 60 * 60_000)
  const startedAt = new Date(submittedAt.getTime() - 60_000)
  await withDatabase(async (db) => {
    await db.collection('quizattempts').updateMany({ user }, { $set: { submittedAt, startedAt } })
    const record = (await db.collection('learnerrecords').findOne({ _id: user }))!
    for (const attempt of Object.values(record.quizAttempts as Record<string, Record<string, unknown>>)) Object.assign(attempt, { submittedAt, startedAt })
    await db.collection('learnerrecords').updateOne({ _id: user }, { $set: { quizAttempts: record.quizAttempts } })
  })
}

/** Every sentence that would give a quiz's answers away. */
const explanationsOf = (quizId: string) => library.quizzes.get(quizId)!.definition.questions.map(q => q.explanation)
function expectNoKey(text: string, quizId: string, where: string) {
  for (const secret of explanationsOf(quizId)) expect(text, where).not.toContain(secret)
  expect(text, where).not.toMatch(/"correctAnswer":(?!null)/)
  expect(text, where).not.toMatch(/"explanation":(?!null)/)
}

beforeAll(async () => {
  server = await startServer()
  people = await createPeople(server.databaseUri, [
    { email: 'quinn@int.test', role: 'staff' },
    { email: 'vic@int.test', role: 'staff' },
    { email: 'sol@int.test', role: 'staff' },
    { email: 'rae@int.test', role: 'staff' },
    { email: 'tia@int.test', role: 'staff', startDate: new Date(Date.now() - 40 * DAY) },
    { email: 'uli@int.test', role: 'staff', startDate: new Date(Date.now() - 40 * DAY) },
    { email: 'tom@int.test', role: 'trainer', department: 'people-and-training' },
    { email: 'hana@int.test', role: 'hr', department: 'people-and-training' },
    { email: 'hal@int.test', role: 'hr', department: 'people-and-training' },
    { email: 'ada@int.test', role: 'admin', department: 'people-and-training' },
  ])
  for (const p of people) as.set(p.email, await signIn(server, p.email))
  // Opening My learning writes each person's summary, so the dashboards list them.
  for (const p of people) expect((await as.get(p.email)!.json('/api/me/learning')).status).toBe(200)
})
afterAll(async () => {
  await server?.stop()
})

describe('what a learner sees after a quiz attempt', () => {
  it('shows a failed attempt its score, right and wrong, skills and lessons, but no correct answer or explanation anywhere the learner can reach', async () => {
    const quinn = as.get('quinn@int.test')!
    const failed = await takeQuiz(quinn, QUIZ, i => i === 0)
    expect(failed.result!.passed).toBe(false)
    const result = failed.result as unknown as { review: { correct: boolean, correctAnswer: unknown, explanation: unknown }[], fullReview: boolean, skillsShort: { skill: string }[], lessons: { course: string }[], reviewNote: string }
    expect(result.fullReview).toBe(false)
    expect(result.review.map(r => r.correct)).toEqual(failed.questions.map((_, i) => i === 0))
    expect(result.review.every(r => r.correctAnswer === null && r.explanation === null)).toBe(true)
    expect(result.skillsShort.length).toBeGreaterThan(0)
    expect(result.lessons.length).toBeGreaterThan(0)
    expect(result.reviewNote).toMatch(/once you pass/)
    expectNoKey(JSON.stringify(failed), QUIZ, 'submit')

    const reachable = [
      `/api/quiz-attempts/${failed.id}`,
      `/api/quizzes/${QUIZ}`,
      '/api/me/learning',
    ]
    for (const url of reachable) expectNoKey(await quinn.fetch(url).then(r => r.text()), QUIZ, url)
    // A second submit of the same attempt answers the same, without the key.
    expectNoKey(await quinn.fetch(`/api/quiz-attempts/${failed.id}/submit`, { method: 'POST' }).then(r => r.text()), QUIZ, 'repeated submit')
    // The retake: its start, its saved answers, its reload.
    await pastCooldown('quinn@int.test')
    const retake = await quinn.fetch(`/api/quizzes/${QUIZ}/attempts`, { method: 'POST' }).then(r => r.text())
    expectNoKey(retake, QUIZ, 'retake start')
    const retakeId = (JSON.parse(retake) as AttemptView).id
    expectNoKey(await quinn.fetch(`/api/quiz-attempts/${retakeId}`).then(r => r.text()), QUIZ, 'retake reload')
    expect(JSON.parse(retake).attempts).toMatchObject({ used: 1, remaining: 2 })
  })

  it('opens the full review after passing, for that attempt and the failed one before', async () => {
    const quinn = as.get('quinn@int.test')!
    const current = (await quinn.json<{ inProgress: string }>(`/api/quizzes/${QUIZ}`)).body
    const attempt = (await quinn.json<AttemptView>(`/api/quiz-attempts/${current.inProgress}`)).body
    const { answersFor } = await import('../support/learning')
    await quinn.json(`/api/quiz-attempts/${attempt.id}/answers`, { method: 'PUT', body: { answers: answersFor(QUIZ, attempt) } })
    const passed = (await quinn.json<AttemptView>(`/api/quiz-attempts/${attempt.id}/submit`, { method: 'POST' })).body
    expect(passed.result!.passed).toBe(true)
    expect(passed.result!.review.every(r => r.explanation && r.correctAnswer !== null)).toBe(true)
    const attempts = (await quinn.json<{ attempts: { id: string, number: number }[] }>(`/api/quizzes/${QUIZ}`)).body.attempts
    const first = (await quinn.json<AttemptView>(`/api/quiz-attempts/${attempts.find(a => a.number === 1)!.id}`)).body
    expect(first.result!.passed).toBe(false)
    expect(first.result!.review.every(r => r.explanation && r.correctAnswer !== null)).toBe(true)
  })

  it('opens the full review once no attempt is left', async () => {
    const vic = as.get('vic@int.test')!
    const limit = library.quizzes.get(QUIZ)!.definition.attemptLimit
    let last: AttemptView | undefined
    for (let n = 1; n <= limit; n++) {
      if (n > 1) await pastCooldown('vic@int.test')
      last = await takeQuiz(vic, QUIZ, () => false)
      if (n < limit) expect(last.result!.review.every(r => r.explanation === null)).toBe(true)
    }
    expect(last!.result!.review.every(r => r.explanation && r.correctAnswer !== null)).toBe(true)
    expect((last as unknown as { attempts: { remaining: number } }).attempts.remaining).toBe(0)
  })
})

describe('role-play replies in a fair order', () => {
  it('keeps a run\'s order across reloads, records what was shown, and draws a new order for each run', async () => {
    const sol = as.get('sol@int.test')!
    const started = (await sol.json<RunView>(`/api/scenarios/${SCENARIO}/runs`, { method: 'POST' })).body
    const shownFirst = started.node!.choices.map(c => c.id)
    for (let i = 0; i < 3; i++) {
      const reloaded = (await sol.json<RunView>(`/api/scenario-runs/${started.id}`)).body
      expect(reloaded.node!.choices.map(c => c.id)).toEqual(shownFirst)
    }
    const failed = await playScenario(sol, SCENARIO, false)
    expect(failed.id).toBe(started.id)
    expect((failed.transcript[0] as unknown as { shown: string[] }).shown).toEqual(shownFirst)

    for (let i = 0; i < 5; i++) await playScenario(sol, SCENARIO, false)
    const orders = await withDatabase(db => db.collection('scenarioruns').find({ user: new Types.ObjectId(idOf('sol@int.test')) }).toArray())
    expect(orders).toHaveLength(6)
    expect(new Set(orders.map(r => JSON.stringify(r.choiceOrder))).size).toBeGreaterThan(1)
    // Every node with more than one reply has its order, a permutation of its replies.
    const definition = library.scenarios.get(SCENARIO)!.definition
    for (const [node, ids] of Object.entries(orders[0]!.choiceOrder as Record<string, string[]>)) {
      expect([...ids].sort()).toEqual(definition.nodes[node]!.choices.map(c => c.id).sort())
    }
  })

  it('shows a failed run only the feedback on the replies taken; the best route and other replies\' scores after passing', async () => {
    const sol = as.get('sol@int.test')!
    const definition = library.scenarios.get(SCENARIO)!.definition
    const failed = await playScenario(sol, SCENARIO, false)
    const text = JSON.stringify(failed)
    expect((failed as unknown as { review: { full: boolean } }).review.full).toBe(false)
    expect(text).not.toContain('bestRoute')
    const taken = new Set(failed.transcript.map(t => t.reply))
    for (const step of failed.transcript) {
      for (const choice of definition.nodes[step.node]!.choices) {
        if (!taken.has(choice.text)) expect(text).not.toContain(choice.feedback)
      }
    }
    const reloaded = await sol.fetch(`/api/scenario-runs/${failed.id}`).then(r => r.text())
    expect(reloaded).not.toContain('bestRoute')

    const passed = await playScenario(sol, SCENARIO, true)
    const review = (passed as unknown as { review: { full: boolean, bestRoute: { reply: string }[], steps: { replies: { scores: object, taken: boolean }[] }[] } }).review
    expect(review.full).toBe(true)
    expect(review.bestRoute.length).toBeGreaterThan(0)
    expect(review.steps.every(s => s.replies.length === definition.nodes[passed.transcript[review.steps.indexOf(s)]!.node]!.choices.length)).toBe(true)
  })
})

describe('remedies', () => {
  const remedy = (who: string, person: string, body: unknown) => as.get(who)!.json<{ statusMessage?: string, data?: { fields: { field: string }[] } }>(`/api/people/${idOf(person)}/remedies`, { method: 'POST', body })
  const auditOf = (action: string, person: string) => withDatabase(db => db.collection('auditevents').find({ action, subject: new Types.ObjectId(idOf(person)) }).toArray())

  it('grants an extra attempt to a learner who used them all: they may start again, and the audit log says who, why and when', async () => {
    const rae = as.get('rae@int.test')!
    const limit = library.quizzes.get(QUIZ)!.definition.attemptLimit
    for (let n = 1; n <= limit; n++) {
      if (n > 1) await pastCooldown('rae@int.test')
      await takeQuiz(rae, QUIZ, () => false)
    }
    await pastCooldown('rae@int.test')
    const refused = await rae.json<{ statusMessage: string }>(`/api/quizzes/${QUIZ}/attempts`, { method: 'POST' })
    expect(refused.status).toBe(409)
    expect(refused.body.statusMessage).toMatch(/trainer or HR can grant you another/)

    const granted = await remedy('tom@int.test', 'rae@int.test', { kind: 'extra-attempts', activity: 'quiz', id: QUIZ, attempts: 1, reason: 'Was ill during the first three attempts.' })
    expect(granted.status, JSON.stringify(granted.body)).toBe(200)
    const policy = (await rae.json<{ policy: { remaining: number, limit: number, extra: number, blocked: string | null } }>(`/api/quizzes/${QUIZ}`)).body.policy
    expect(policy).toMatchObject({ remaining: 1, limit: limit + 1, extra: 1, blocked: null })
    expect((await rae.json(`/api/quizzes/${QUIZ}/attempts`, { method: 'POST' })).status).toBe(200)

    const audit = await auditOf('remedy.extra-attempts', 'rae@int.test')
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor: new Types.ObjectId(idOf('tom@int.test')), details: { reason: 'Was ill during the first three attempts.', attempts: 1 } })
    // The person's page lists it.
    const page = (await as.get('hana@int.test')!.json<PersonReport>(`/api/hr/people/${idOf('rae@int.test')}`)).body
    expect(page.remedies.map(r => [r.kind, r.actor.name, r.reason])).toEqual([['extra-attempts', 'tom', 'Was ill during the first three attempts.']])
  })

  it('lifts a cooldown so the learner may start at once, and refuses to lift one that is not running', async () => {
    const rae = as.get('rae@int.test')!
    const other = 'service-principles-quiz'
    await takeQuiz(rae, other, () => false)
    expect((await rae.json(`/api/quizzes/${other}/attempts`, { method: 'POST' })).status).toBe(429)
    const lifted = await remedy('hana@int.test', 'rae@int.test', { kind: 'lift-cooldown', activity: 'quiz', id: other, reason: 'Sitting with the trainer now.' })
    expect(lifted.status, JSON.stringify(lifted.body)).toBe(200)
    expect((await rae.json(`/api/quizzes/${other}/attempts`, { method: 'POST' })).status).toBe(200)
    expect(await auditOf('remedy.lift-cooldown', 'rae@int.test')).toHaveLength(1)
    const again = await remedy('hana@int.test', 'rae@int.test', { kind: 'lift-cooldown', activity: 'quiz', id: other, reason: 'Sitting with the trainer now.' })
    expect(again.status).toBe(409)
    expect(await auditOf('remedy.lift-cooldown', 'rae@int.test')).toHaveLength(1)
  })

  it('extends a due date: the learner sees the new date and stops being overdue on the dashboard', async () => {
    const hr = as.get('hana@int.test')!
    const statusOf = async () => (await hr.json<DepartmentReport>('/api/hr/departments/retail-floor?pageSize=100')).body.people.find(p => p.email === 'tia@int.test')!
    expect((await statusOf()).status).toBe('overdue')
    const dueDate = new Date(Date.now() + 14 * DAY).toISOString().slice(0, 10)
    const extended = await remedy('hana@int.test', 'tia@int.test', { kind: 'extend-due-date', path: 'new-staff-essentials', dueDate, reason: 'Joined during stocktake; agreed two more weeks.' })
    expect(extended.status, JSON.stringify(extended.body)).toBe(200)
    const person = await statusOf()
    expect(person.status).not.toBe('overdue')
    expect(person.dueAt).toBe(dueDate)
    const mine = (await as.get('tia@int.test')!.json<{ paths: { id: string, dueAt: string, dueExtended: boolean, status: string }[] }>('/api/me/learning')).body
    expect(mine.paths.find(p => p.id === 'new-staff-essentials')).toMatchObject({ dueExtended: true, status: 'not-started' })
    expect(mine.paths.find(p => p.id === 'new-staff-essentials')!.dueAt.slice(0, 10)).toBe(dueDate)
    expect(await auditOf('remedy.extend-due-date', 'tia@int.test')).toHaveLength(1)
    // An earlier date than the current one is refused, naming the field.
    const earlier = await remedy('hana@int.test', 'tia@int.test', { kind: 'extend-due-date', path: 'new-staff-essentials', dueDate: new Date(Date.now() + DAY).toISOString().slice(0, 10), reason: 'Shorter after all.' })
    expect(earlier.status).toBe(400)
    expect(earlier.body.data!.fields[0]!.field).toBe('dueDate')
  })

  it('exempts a person from a path: counted apart in every figure and CSV, never overdue', async () => {
    const hr = as.get('hana@int.test')!
    const before = (await hr.json<OverviewReport>('/api/hr/overview')).body.totals
    expect((await hr.json<DepartmentReport>('/api/hr/departments/retail-floor?status=overdue&pageSize=100')).body.people.map(p => p.email)).toContain('uli@int.test')
    const exempted = await remedy('ada@int.test', 'uli@int.test', { kind: 'exempt', path: 'new-staff-essentials', reason: 'Transferred in, holds the equivalent certificate.' })
    expect(exempted.status, JSON.stringify(exempted.body)).toBe(200)
    const after = (await hr.json<OverviewReport>('/api/hr/overview')).body.totals
    expect(after.overdue).toBe(before.overdue - 1)
    expect(after.exempt).toBe(before.exempt + 1)
    expect(after.headcount).toBe(before.headcount)
    const overdue = (await hr.json<{ rows: { email: string }[] }>('/api/hr/lists/overdue?pageSize=200')).body.rows.map(r => r.email)
    expect(overdue).not.toContain('uli@int.test')
    const csv = parseCsv(await hr.fetch('/api/hr/departments/retail-floor/people.csv').then(r => r.text()))
    const row = csv.find(r => r[1] === 'uli@int.test')!
    expect(row[csv[0]!.indexOf('Status')]).toBe('Exempt')
    const overviewCsv = parseCsv(await hr.fetch('/api/hr/overview.csv').then(r => r.text()))
    expect(overviewCsv.at(-1)![overviewCsv[0]!.indexOf('Exempt')]).toBe(String(after.exempt))
    const page = (await hr.json<PersonReport>(`/api/hr/people/${idOf('uli@int.test')}`)).body
    expect(page.person.status).toBe('exempt')
    expect(page.paths.find(p => p.id === 'new-staff-essentials')!.exempt).toBe(true)
    expect((await remedy('ada@int.test', 'uli@int.test', { kind: 'exempt', path: 'new-staff-essentials', reason: 'Again.' })).status).toBe(409)
  })

  it('refuses hostile or out-of-scope remedies with a 4xx naming the field, and writes nothing', async () => {
    const count = () => withDatabase(async db => ({
      audit: await db.collection('auditevents').countDocuments({ action: /^remedy\./ }),
      remedies: (await db.collection('learnerrecords').find().toArray()).reduce((n, r) => n + Object.keys(r.remedies ?? {}).length, 0),
    }))
    const before = await count()
    const field = async (who: string, person: string, body: unknown, status: number, name: string) => {
      const res = await remedy(who, person, body)
      expect(res.status, JSON.stringify(res.body)).toBe(status)
      expect(res.body.data?.fields.map(f => f.field), JSON.stringify(res.body)).toContain(name)
    }
    const reason = 'A good reason.'
    await field('tom@int.test', 'quinn@int.test', { kind: 'extra-attempts', activity: 'quiz', id: 'no-such-quiz', attempts: 1, reason }, 400, 'id')
    await field('tom@int.test', 'quinn@int.test', { kind: 'extra-attempts', activity: 'quiz', id: QUIZ, attempts: -2, reason }, 400, 'attempts')
    await field('tom@int.test', 'quinn@int.test', { kind: 'extra-attempts', activity: 'quiz', id: QUIZ, attempts: 1, reason: 'x'.repeat(10_000) }, 400, 'reason')
    await field('tom@int.test', 'quinn@int.test', { kind: 'extra-attempts', activity: 'quiz', id: QUIZ, attempts: 1 }, 400, 'reason')
    await field('tom@int.test', 'quinn@int.test', { kind: 'make-me-pass', reason }, 400, 'kind')
    await field('hana@int.test', 'quinn@int.test', { kind: 'exempt', path: 'contact-centre-certification', reason }, 400, 'path')
    // Out of scope: HR on another HR person, a trainer on an administrator, an unknown person.
    await field('hana@int.test', 'hal@int.test', { kind: 'exempt', path: 'new-staff-essentials', reason }, 403, 'id')
    await field('tom@int.test', 'ada@int.test', { kind: 'exempt', path: 'new-staff-essentials', reason }, 403, 'id')
    const nobody = await as.get('tom@int.test')!.json<{ data: { fields: { field: string }[] } }>(`/api/people/${new Types.ObjectId()}/remedies`, { method: 'POST', body: { kind: 'exempt', path: 'new-staff-essentials', reason } })
    expect(nobody.status).toBe(404)
    // Nobody remedies their own record; staff may not call it at all.
    expect((await as.get('ada@int.test')!.json(`/api/people/${idOf('ada@int.test')}/remedies`, { method: 'POST', body: { kind: 'exempt', path: 'new-staff-essentials', reason } })).status).toBe(403)
    expect((await remedy('quinn@int.test', 'quinn@int.test', { kind: 'exempt', path: 'new-staff-essentials', reason })).status).toBe(403)
    expect(await count()).toEqual(before)
  })
})

describe('the audit log', () => {
  it('lists who did what to whom, filtered by person, actor, kind and date, as a page and as CSV', async () => {
    const ada = as.get('ada@int.test')!
    // A role change and a password reset go into the log too.
    expect((await ada.json(`/api/users/${idOf('vic@int.test')}`, { method: 'PATCH', body: { role: 'trainer' } })).status).toBe(200)
    expect((await ada.json(`/api/users/${idOf('vic@int.test')}/password`, { method: 'PUT', body: { newPassword: 'another-password-1' } })).status).toBe(200)
    const all = (await ada.json<AuditReport>('/api/audit?pageSize=200')).body
    const kinds = new Set(all.rows.map(r => r.kind))
    for (const kind of ['remedy.extra-attempts', 'remedy.lift-cooldown', 'remedy.extend-due-date', 'remedy.exempt', 'user.update', 'user.password-reset']) expect(kinds).toContain(kind)
    const roleChange = all.rows.find(r => r.kind === 'user.update' && r.subject?.email === 'vic@int.test')!
    expect(roleChange.summary).toBe('role: staff → trainer')
    expect(roleChange.actor!.email).toBe('ada@int.test')

    const byPerson = (await ada.json<AuditReport>('/api/audit?person=rae@int.test')).body
    expect(byPerson.rows.map(r => r.kind).sort()).toEqual(['remedy.extra-attempts', 'remedy.lift-cooldown'])
    const byActor = (await ada.json<AuditReport>('/api/audit?actor=tom@int.test&kind=remedy.extra-attempts')).body
    expect(byActor.rows).toHaveLength(1)
    expect(byActor.rows[0]!.reason).toBe('Was ill during the first three attempts.')
    const tomorrow = new Date(Date.now() + DAY).toISOString().slice(0, 10)
    expect((await ada.json<AuditReport>(`/api/audit?from=${tomorrow}`)).body.total).toBe(0)
    const bad = await ada.json<{ data: { fields: { field: string }[] } }>('/api/audit?person=nobody@int.test&from=2026-13-01')
    expect(bad.status).toBe(400)
    expect(bad.body.data.fields.map(f => f.field)).toContain('from')

    const csv = parseCsv(await ada.fetch('/api/audit.csv?kind=remedy.exempt').then(r => r.text()))
    expect(csv[0]).toContain('Reason')
    expect(csv.slice(1).map(r => r[csv[0]!.indexOf('Person email')])).toEqual(['uli@int.test'])
  })

  it('shows HR, read-only, the entries about staff and their own actions, not those about administrators or other HR', async () => {
    const ada = as.get('ada@int.test')!
    expect((await ada.json(`/api/users/${idOf('hal@int.test')}/password`, { method: 'PUT', body: { newPassword: 'another-password-2' } })).status).toBe(200)
    const hana = (await as.get('hana@int.test')!.json<AuditReport>('/api/audit?pageSize=200')).body
    expect(hana.readOnlyScope).toBeTruthy()
    expect(hana.rows.some(r => r.subject?.email === 'hal@int.test')).toBe(false)
    expect(hana.rows.some(r => r.kind === 'remedy.exempt' && r.subject?.email === 'uli@int.test')).toBe(true)
    expect((await as.get('tom@int.test')!.json('/api/audit')).status).toBe(403)
  })
})

describe('reading that counts', () => {
  let floored: TestServer
  beforeAll(async () => {
    // 1 % of a 3-8 minute lesson: a floor of 1.8 to 4.8 seconds.
    floored = await startServer({ env: { NUXT_READING_FLOOR_PERCENT: '1' } })
    await createPeople(floored.databaseUri, [{ email: 'rita@read.test', role: 'staff' }, { email: 'hr@read.test', role: 'hr', department: 'people-and-training' }])
  })
  afterAll(async () => {
    await floored?.stop()
  })

  it('refuses "read" before the floor with the time left, accepts it after, and shows HR the time spent', async () => {
    const rita = await signIn(floored, 'rita@read.test')
    const lesson = library.lessons[0]!
    const base = `/api/courses/${lesson.course}/lessons/${lesson.slug}`
    const unopened = await rita.json<{ statusMessage: string }>(`${base}/complete`, { method: 'POST' })
    expect(unopened.status).toBe(409)
    expect(unopened.body.statusMessage).toMatch(/Open the lesson/)
    const opened = await rita.json<{ openedAt: string, readableAt: string }>(`${base}/open`, { method: 'POST' })
    expect(opened.status).toBe(200)
    const floorMs = new Date(opened.body.readableAt).getTime() - new Date(opened.body.openedAt).getTime()
    expect(floorMs).toBe(Math.round(lesson.minutes * 60_000 * 0.01))
    const early = await rita.json<{ statusMessage: string, data: { msLeft: number } }>(`${base}/complete`, { method: 'POST' })
    expect(early.status).toBe(409)
    expect(early.body.statusMessage).toMatch(new RegExp(`takes about ${lesson.minutes} minutes, so you can mark it read in \\d+ s`))
    expect(early.body.data.msLeft).toBeGreaterThan(0)
    expect(early.body.data.msLeft).toBeLessThanOrEqual(floorMs)
    // Opening again does not restart the clock.
    const reopened = await rita.json<{ openedAt: string }>(`${base}/open`, { method: 'POST' })
    expect(reopened.body.openedAt).toBe(opened.body.openedAt)
    await new Promise(r => setTimeout(r, early.body.data.msLeft + 300))
    expect((await rita.json(`${base}/complete`, { method: 'POST' })).status).toBe(200)

    const hr = await signIn(floored, 'hr@read.test')
    const me = (await rita.json<{ id: string }>('/api/me')).body
    const page = (await hr.json<PersonReport>(`/api/hr/people/${me.id}`)).body
    const read = page.lessons.find(l => l.lesson === lesson.slug)!
    expect(read.secondsSpent).toBeGreaterThanOrEqual(Math.floor(floorMs / 1000))
    expect(read.minutes).toBe(lesson.minutes)
  })
})
