import { Types, type Connection } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { QuizAnswer } from '../../shared/schemas/learning'
import type { QuizDefinition } from '../../shared/schemas/content'
import { gradeAttempt, type DrawnQuestion } from '../../server/domain/quiz/grading'
import { learnerSummary, recordsOf } from '../../server/domain/learning/summary-rules'
import { assignedPaths, pathItems, pathProgress } from '../../server/domain/learning/path-progress'
import { createPeople, openDatabase, signIn, type SignedIn, type TestPerson } from '../support/accounts'
import { answersFor, library, scenarioRoutes, type AttemptView, type RunView } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

// Fifty identical requests at once at every write path, through HTTP against the built
// app and a real FerretDB. Each must have exactly one effect, and leave the learner's
// record, their raw documents and their summary consistent. There is no lock in the
// app: what holds comes from the conditional writes (and, on FerretDB, the app's single
// write connection; server/utils/db-engine.ts).

const N = 50
let server: TestServer
let db: Connection
let people: TestPerson[]
const as = new Map<string, SignedIn>()
const idOf = (email: string) => new Types.ObjectId(people.find(p => p.email === email)!.id)

const quizId = [...library.quizzes.keys()][0]!
const quiz = library.quizzes.get(quizId)!.definition
const scenarioId = [...library.scenarios.keys()][0]!
const scenario = library.scenarios.get(scenarioId)!.definition

const at = <T>(requests: () => Promise<T>) => Promise.all(Array.from({ length: N }, requests))
/** The server's last lines, shown when a status is not what was expected. */
const lastOutput = () => server.output().slice(-4000)
const statuses = (results: { status: number }[]) => results.reduce<Record<number, number>>((counts, r) => ({ ...counts, [r.status]: (counts[r.status] ?? 0) + 1 }), {})

/**
 * What must hold for a learner after any burst: every raw document has its fact in the
 * record, in the same state; the summary counts what the record holds.
 */
async function expectConsistent(user: Types.ObjectId) {
  const record = (await db.collection('learnerrecords').findOne({ _id: user }))!
  const summary = await db.collection('learnersummaries').findOne({ _id: user })
  for (const attempt of await db.collection('quizattempts').find({ user }).toArray()) {
    const fact = record.quizAttempts[String(attempt._id)]
    expect(fact, `fact of attempt ${attempt._id}`).toBeDefined()
    expect(fact.status).toBe(attempt.status)
    if (attempt.status === 'submitted') expect({ at: fact.submittedAt, score: fact.score, passed: fact.passed }).toEqual({ at: attempt.submittedAt, score: attempt.score, passed: attempt.passed })
  }
  for (const run of await db.collection('scenarioruns').find({ user }).toArray()) {
    const fact = record.scenarioRuns[String(run._id)]
    expect(fact, `fact of run ${run._id}`).toBeDefined()
    expect(fact.status).toBe(run.status)
    if (run.status === 'completed') expect({ at: fact.completedAt, passed: fact.passed }).toEqual({ at: run.completedAt, passed: run.passed })
  }
  for (const lesson of await db.collection('lessoncompletions').find({ user }).toArray()) {
    expect(record.lessons[`${lesson.course}/${lesson.lesson}`]).toEqual(lesson.completedAt)
  }
  for (const certificate of await db.collection('certificates').find({ user }).toArray()) {
    const fact = record.certificates[certificate._id as unknown as string]
    expect(fact, `fact of certificate ${certificate._id}`).toBeDefined()
    expect({ cycle: fact.cycle, revokedAt: fact.revokedAt ?? null }).toEqual({ cycle: certificate.cycle, revokedAt: certificate.revokedAt ?? null })
  }
  // The summary says what the record says now (it may lag the record's revision only
  // through events that change no figure, such as starting an attempt).
  const person = (await db.collection('users').findOne({ _id: user }))!
  const department = (await db.collection('departments').findOne({ _id: person.department }))!
  const profile = { departmentSlug: department.slug as string, jobRole: person.jobRole as string, startDate: person.startDate as Date }
  const records = recordsOf(record as never)
  const progress = assignedPaths(library, profile).map(p => pathProgress(library, p, profile, records, new Date()))
  const expected = learnerSummary(person as never, progress, records, new Date())
  const pick = (s: { required: number, done: number, lessonsCompleted: number, quizzesPassed: number, scenariosPassed: number, paths: { path: string, done: number, certificate?: { code?: string } | null }[] }) => ({
    required: s.required, done: s.done, lessons: s.lessonsCompleted, quizzes: s.quizzesPassed, scenarios: s.scenariosPassed,
    paths: s.paths.map(p => ({ path: p.path, done: p.done, certificate: p.certificate?.code ?? null })),
  })
  if (!summary) {
    expect(expected.done, 'no summary, so nothing counted').toBe(0)
    return
  }
  expect(summary.rev).toBeLessThanOrEqual(record.rev)
  expect(pick(summary as never)).toEqual(pick(expected as never))
}

beforeAll(async () => {
  server = await startServer()
  people = await createPeople(server.databaseUri, [
    { email: 'quiz@race.test', role: 'staff' },
    { email: 'mixed@race.test', role: 'staff' },
    { email: 'play@race.test', role: 'staff' },
    { email: 'read@race.test', role: 'staff' },
    { email: 'cert@race.test', role: 'staff' },
    { email: 'hr@race.test', role: 'hr', department: 'people-and-training' },
    { email: 'stuck@race.test', role: 'staff' },
    { email: 'late@race.test', role: 'staff', startDate: new Date(Date.now() - 40 * 86_400_000) },
    { email: 'away@race.test', role: 'staff', startDate: new Date(Date.now() - 40 * 86_400_000) },
    { email: 'writer@race.test', role: 'staff' },
    { email: 'tess@race.test', role: 'trainer', name: 'Tess Trainer' },
    { email: 'tom@race.test', role: 'trainer', name: 'Tom Trainer' },
  ])
  for (const p of people) as.set(p.email, await signIn(server, p.email))
  db = await openDatabase(server.databaseUri)
}, 60_000)
afterAll(async () => {
  await db?.close()
  await server?.stop()
})

describe(`${N} identical requests at once`, () => {
  let attempt: AttemptView

  it('start a quiz: one attempt, which every request resumes', async () => {
    const learner = as.get('quiz@race.test')!
    const results = await at(() => learner.json<AttemptView>(`/api/quizzes/${quizId}/attempts`, { method: 'POST' }))
    expect(statuses(results), lastOutput()).toEqual({ 200: N })
    expect(new Set(results.map(r => r.body.id)).size).toBe(1)
    expect(await db.collection('quizattempts').countDocuments({ user: idOf('quiz@race.test'), quiz: quizId })).toBe(1)
    attempt = results[0]!.body
    // The attempt carries its draw, the order every request showed; the version's questions
    // are kept once, beside its sums, for when the library no longer holds the version.
    const stored = (await db.collection('quizattempts').findOne({ _id: new Types.ObjectId(attempt.id) }))!
    expect(stored.snapshotJson).toBeUndefined()
    expect(stored.draw.map((d: DrawnQuestion) => d.question)).toEqual(attempt.questions.map(q => q.id))
    for (const r of results) expect(r.body.questions.map(q => q.options.map(o => o.id))).toEqual(attempt.questions.map(q => q.options.map(o => o.id)))
    expect(await db.collection('quizdraws').countDocuments({ _id: stored._id })).toBe(0)
    const kept = (await db.collection('quizsums').findOne({ _id: `definitions:${quizId}:${stored.version}` as never }))!
    expect(Object.keys(kept.questions).sort()).toEqual(quiz.questions.map(q => q.id).sort())
    await expectConsistent(idOf('quiz@race.test'))
  })

  it('save answers: every save lands on the attempt in progress', async () => {
    const learner = as.get('quiz@race.test')!
    const answers = answersFor(quizId, attempt)
    const results = await at(() => learner.json<{ answers: Record<string, QuizAnswer> }>(`/api/quiz-attempts/${attempt.id}/answers`, { method: 'PUT', body: { answers } }))
    expect(statuses(results), lastOutput()).toEqual({ 200: N })
    const stored = (await db.collection('quizattempts').findOne({ _id: new Types.ObjectId(attempt.id) }))!
    expect(stored.answers).toEqual(answers)
    expect(stored.answersRev).toBe(N)
  })

  it('submit: graded once; every request gets the same grade', async () => {
    const learner = as.get('quiz@race.test')!
    const results = await at(() => learner.json<AttemptView & { result: { submittedAt: string } }>(`/api/quiz-attempts/${attempt.id}/submit`, { method: 'POST' }))
    expect(statuses(results), lastOutput()).toEqual({ 200: N })
    expect(new Set(results.map(r => `${r.body.result!.score}@${r.body.result!.submittedAt}`)).size).toBe(1)
    const stored = (await db.collection('quizattempts').findOne({ _id: new Types.ObjectId(attempt.id) }))!
    expect(stored.status).toBe('submitted')
    expect(stored.submittedAt.toISOString()).toBe(results[0]!.body.result!.submittedAt)
    await expectConsistent(idOf('quiz@race.test'))
  })

  it('saves racing a submit: the stored answers are the ones graded, and none lands after', async () => {
    const learner = as.get('mixed@race.test')!
    const started = await learner.json<AttemptView>(`/api/quizzes/${quizId}/attempts`, { method: 'POST' })
    const right = answersFor(quizId, started.body, () => true)
    const wrong = answersFor(quizId, started.body, () => false)
    const results = await Promise.all(Array.from({ length: N }, (_, i) => i === N / 2
      ? learner.json(`/api/quiz-attempts/${started.body.id}/submit`, { method: 'POST' })
      : learner.json(`/api/quiz-attempts/${started.body.id}/answers`, { method: 'PUT', body: { answers: i % 2 ? right : wrong } })))
    expect(results[N / 2]!.status).toBe(200)
    for (const r of results) expect([200, 409], lastOutput()).toContain(r.status)
    const stored = (await db.collection('quizattempts').findOne({ _id: new Types.ObjectId(started.body.id) }))!
    const kept = (await db.collection('quizsums').findOne({ _id: `definitions:${quizId}:${stored.version}` as never }))!
    const questions = Object.values(kept.questions as Record<string, string>).map(q => JSON.parse(q) as QuizDefinition['questions'][number])
    const regraded = gradeAttempt({ ...quiz, questions } as QuizDefinition, stored.draw as DrawnQuestion[], stored.answers ?? {})
    expect({ score: stored.score, correct: stored.correct }).toEqual({ score: regraded.score, correct: regraded.correct })
    // Saves answered 200 are exactly those counted in answersRev, all before the grade.
    expect(results.filter((r, i) => i !== N / 2 && r.status === 200).length).toBe(stored.answersRev)
    await expectConsistent(idOf('mixed@race.test'))
  })

  it('take a role-play step: applied once; every request gets that step', async () => {
    const learner = as.get('play@race.test')!
    const run = (await learner.json<RunView>(`/api/scenarios/${scenarioId}/runs`, { method: 'POST' })).body
    const route = scenarioRoutes(scenario).find(r => r.passed)!
    for (const step of route.choices) {
      const results = await at(() => learner.json<{ run: RunView }>(`/api/scenario-runs/${run.id}/steps`, { method: 'POST', body: step }))
      expect(statuses(results), `step at ${step.node}`).toEqual({ 200: N })
      const stored = (await db.collection('scenarioruns').findOne({ _id: new Types.ObjectId(run.id) }))!
      expect(stored.steps.filter((s: { node: string }) => s.node === step.node)).toHaveLength(1)
    }
    const stored = (await db.collection('scenarioruns').findOne({ _id: new Types.ObjectId(run.id) }))!
    expect(stored.steps).toHaveLength(route.choices.length)
    expect(stored.status).toBe('completed')
    expect(stored.passed).toBe(true)
    await expectConsistent(idOf('play@race.test'))
  })

  it('start a role-play: one run, which every request resumes', async () => {
    const learner = as.get('play@race.test')!
    const results = await at(() => learner.json<RunView>(`/api/scenarios/${scenarioId}/runs`, { method: 'POST' }))
    expect(statuses(results), lastOutput()).toEqual({ 200: N })
    expect(new Set(results.map(r => r.body.id)).size).toBe(1)
    expect(await db.collection('scenarioruns').countDocuments({ user: idOf('play@race.test'), scenario: scenarioId, status: 'in-progress' })).toBe(1)
    await expectConsistent(idOf('play@race.test'))
  })

  it('review a run\'s scorecard, two trainers at once: one review lands, the other trainer is told to reload', async () => {
    const written = 'delayed-order-email'
    const learner = as.get('writer@race.test')!
    let run = (await learner.json<RunView>(`/api/scenarios/${written}/runs`, { method: 'POST' })).body
    for (const step of scenarioRoutes(library.scenarios.get(written)!.definition).find(r => r.passed)!.choices) {
      run = (await learner.json<{ run: RunView }>(`/api/scenario-runs/${run.id}/steps`, { method: 'POST', body: step })).body.run
    }
    const pending = (await db.collection('scenarioruns').findOne({ _id: new Types.ObjectId(run.id) }))!
    expect(pending.review.status).toBe('pending')
    const lines = pending.review.lines as { node: string, criterion: string, proposed: number }[]
    const body = (score: (proposed: number) => number) => ({ revision: 0, scores: lines.map(l => ({ node: l.node, criterion: l.criterion, score: score(l.proposed) })) })
    const trainers = [as.get('tess@race.test')!, as.get('tom@race.test')!]
    const bodies = [body(p => p), body(() => 0)]
    const results = await Promise.all(Array.from({ length: N }, (_, i) =>
      trainers[i % 2]!.json(`/api/trainer/scenario-runs/${run.id}/review`, { method: 'POST', body: bodies[i % 2] })))
    const counts = statuses(results)
    expect(counts[201], lastOutput()).toBe(1)
    const winner = results.findIndex(r => r.status === 201) % 2
    // The winner's other requests are recognised as repeats of the review that landed; the other trainer's all lose.
    expect(results.filter((r, i) => i % 2 === winner && r.status !== 201).every(r => r.status === 200)).toBe(true)
    expect(results.filter((_, i) => i % 2 !== winner).every(r => r.status === 409)).toBe(true)
    const stored = (await db.collection('scenarioruns').findOne({ _id: new Types.ObjectId(run.id) }))!
    expect(stored.review).toMatchObject({ status: 'reviewed', revision: 1, reviewerName: winner === 0 ? 'Tess Trainer' : 'Tom Trainer' })
    expect(stored.passed).toBe(winner === 0)
    expect(await db.collection('auditevents').countDocuments({ action: 'review.scorecard', target: `scenario-run:${run.id}` })).toBe(1)
    await expectConsistent(idOf('writer@race.test'))
  })

  it('read a lesson: one completion; every request gets its date', async () => {
    const learner = as.get('read@race.test')!
    const lesson = library.lessons[0]!
    const results = await at(() => learner.json<{ completedAt: string }>(`/api/courses/${lesson.course}/lessons/${lesson.slug}/complete`, { method: 'POST' }))
    expect(statuses(results), lastOutput()).toEqual({ 200: N })
    expect(new Set(results.map(r => r.body.completedAt)).size).toBe(1)
    const completions = await db.collection('lessoncompletions').find({ user: idOf('read@race.test') }).toArray()
    expect(completions).toHaveLength(1)
    expect(completions[0]!.completedAt.toISOString()).toBe(results[0]!.body.completedAt)
    await expectConsistent(idOf('read@race.test'))
  })

  describe('certificates', () => {
    let code: string

    it('issue: the last lesson of a path read 50 times at once issues one certificate', async () => {
      const user = idOf('cert@race.test')
      // Everything else of the path is already in the learner's record.
      const path = assignedPaths(library, { departmentSlug: 'retail-floor', jobRole: 'Sales associate', startDate: new Date() })[0]!
      const items = pathItems(library, path)
      const last = items.filter(i => i.kind === 'lesson').at(-1)!
      const before = new Date(Date.now() - 60_000)
      const facts: Record<string, Record<string, unknown>> = { lessons: {}, quizAttempts: {}, scenarioRuns: {}, certificates: {} }
      for (const item of items.filter(i => i !== last)) {
        if (item.kind === 'lesson') facts.lessons![item.id] = before
        else if (item.kind === 'quiz') facts.quizAttempts![String(new Types.ObjectId())] = { quiz: item.id, number: 1, status: 'submitted', startedAt: before, submittedAt: before, passed: true, score: 100 }
        else facts.scenarioRuns![String(new Types.ObjectId())] = { scenario: item.id, number: 1, status: 'completed', version: 'v', startedAt: before, completedAt: before, passed: true }
      }
      await db.collection('learnerrecords').replaceOne({ _id: user }, { ...facts, rev: 1 }, { upsert: true })
      const learner = as.get('cert@race.test')!
      const [course, slug] = last.id.split('/')
      const results = await at(() => learner.json(`/api/courses/${course}/lessons/${slug}/complete`, { method: 'POST' }))
      expect(statuses(results), lastOutput()).toEqual({ 200: N })
      const certificates = await db.collection('certificates').find({ user, path: path.id }).toArray()
      expect(certificates).toHaveLength(1)
      code = certificates[0]!._id as unknown as string
      const summary = (await db.collection('learnersummaries').findOne({ _id: user }))!
      expect(summary.paths.find((p: { path: string }) => p.path === path.id).certificate.code).toBe(code)
      await expectConsistent(user)
    })

    it('revoke: one revocation (one 200, the rest 409), one audit entry, the first reason kept', async () => {
      const hr = as.get('hr@race.test')!
      const results = await Promise.all(Array.from({ length: N }, (_, i) => hr.json(`/api/certificates/${code}/revoke`, { method: 'POST', body: { reason: `reason ${i}` } })))
      expect(statuses(results), lastOutput()).toEqual({ 200: 1, 409: N - 1 })
      const winner = results.findIndex(r => r.status === 200)
      const certificate = (await db.collection('certificates').findOne({ _id: code as never }))!
      expect(certificate.revokedReason).toBe(`reason ${winner}`)
      expect(await db.collection('auditevents').countDocuments({ action: 'certificate.revoke', target: code })).toBe(1)
      const summary = (await db.collection('learnersummaries').findOne({ _id: idOf('cert@race.test') }))!
      expect(summary.paths.every((p: { certificate?: { code?: string } | null }) => p.certificate?.code !== code)).toBe(true)
      await expectConsistent(idOf('cert@race.test'))
    })
  })

  describe('remedies', () => {
    const QUIZ = 'why-service-matters-quiz'
    const OTHER = 'service-principles-quiz'
    const PATH = 'new-staff-essentials'
    const grant = (person: string, body: Record<string, unknown>) => as.get('hr@race.test')!.json<{ id: string }>(`/api/people/${idOf(person)}/remedies`, { method: 'POST', body })
    const remediesOf = async (person: string) => Object.values(((await db.collection('learnerrecords').findOne({ _id: idOf(person) }))?.remedies ?? {}) as Record<string, { kind: string }>)
    const auditCount = (action: string, person: string) => db.collection('auditevents').countDocuments({ action, subject: idOf(person) })

    beforeAll(async () => {
      // stuck@ has used every attempt at QUIZ (long ago) and just failed OTHER (its cooldown runs).
      const user = idOf('stuck@race.test')
      const longAgo = new Date(Date.now() - 3 * 60 * 60_000)
      const quizAttempts: Record<string, unknown> = {}
      for (let n = 1; n <= library.quizzes.get(QUIZ)!.definition.attemptLimit; n++) {
        quizAttempts[String(new Types.ObjectId())] = { quiz: QUIZ, number: n, status: 'submitted', startedAt: longAgo, submittedAt: longAgo, passed: false, score: 0 }
      }
      quizAttempts[String(new Types.ObjectId())] = { quiz: OTHER, number: 1, status: 'submitted', startedAt: new Date(Date.now() - 60_000), submittedAt: new Date(), passed: false, score: 0 }
      await db.collection('learnerrecords').replaceOne({ _id: user }, { lessons: {}, quizAttempts, scenarioRuns: {}, certificates: {}, rev: 1 }, { upsert: true })
      const stuck = as.get('stuck@race.test')!
      expect((await stuck.json(`/api/quizzes/${QUIZ}/attempts`, { method: 'POST' })).status).toBe(409)
      expect((await stuck.json(`/api/quizzes/${OTHER}/attempts`, { method: 'POST' })).status).toBe(429)
    })

    it('extra attempts, one request sent 50 times (one requestId): granted once; every answer names that grant', async () => {
      const body = { kind: 'extra-attempts', activity: 'quiz', id: QUIZ, attempts: 2, reason: 'Was ill during all three attempts.', requestId: crypto.randomUUID() }
      const results = await at(() => grant('stuck@race.test', body))
      expect(statuses(results), lastOutput()).toEqual({ 200: N })
      expect(new Set(results.map(r => r.body.id)).size).toBe(1)
      expect((await remediesOf('stuck@race.test')).filter(r => r.kind === 'extra-attempts')).toHaveLength(1)
      expect(await auditCount('remedy.extra-attempts', 'stuck@race.test')).toBe(1)
      const policy = (await as.get('stuck@race.test')!.json<{ policy: { extra: number, remaining: number } }>(`/api/quizzes/${QUIZ}`)).body.policy
      expect(policy).toMatchObject({ extra: 2, remaining: 2 })
      await expectConsistent(idOf('stuck@race.test'))
    })

    it('lift a cooldown, 50 separate requests: lifted once (one 200, the rest 409: no cooldown left to lift)', async () => {
      const results = await at(() => grant('stuck@race.test', { kind: 'lift-cooldown', activity: 'quiz', id: OTHER, reason: 'Sitting with the trainer now.' }))
      expect(statuses(results), lastOutput()).toEqual({ 200: 1, 409: N - 1 })
      expect((await remediesOf('stuck@race.test')).filter(r => r.kind === 'lift-cooldown')).toHaveLength(1)
      expect(await auditCount('remedy.lift-cooldown', 'stuck@race.test')).toBe(1)
      expect((await as.get('stuck@race.test')!.json(`/api/quizzes/${OTHER}/attempts`, { method: 'POST' })).status).toBe(200)
      await expectConsistent(idOf('stuck@race.test'))
    })

    it('extend a due date, 50 separate requests: extended once (the rest 400: the date is no longer later)', async () => {
      const dueDate = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10)
      const results = await at(() => grant('late@race.test', { kind: 'extend-due-date', path: PATH, dueDate, reason: 'Joined during stocktake; two more weeks.' }))
      expect(statuses(results), lastOutput()).toEqual({ 200: 1, 400: N - 1 })
      expect(await remediesOf('late@race.test')).toHaveLength(1)
      expect(await auditCount('remedy.extend-due-date', 'late@race.test')).toBe(1)
      const mine = (await as.get('late@race.test')!.json<{ paths: { id: string, dueAt: string }[] }>('/api/me/learning')).body
      expect(mine.paths.find(p => p.id === PATH)!.dueAt.slice(0, 10)).toBe(dueDate)
      await expectConsistent(idOf('late@race.test'))
    })

    it('exempt from a path, one request sent 50 times: exempted once, and the summary says so', async () => {
      const body = { kind: 'exempt', path: PATH, reason: 'Transferred in with the equivalent certificate.', requestId: crypto.randomUUID() }
      const results = await at(() => grant('away@race.test', body))
      expect(statuses(results), lastOutput()).toEqual({ 200: N })
      expect(await remediesOf('away@race.test')).toHaveLength(1)
      expect(await auditCount('remedy.exempt', 'away@race.test')).toBe(1)
      const summary = (await db.collection('learnersummaries').findOne({ _id: idOf('away@race.test') }))!
      expect(summary.exempt).toBe(true)
      await expectConsistent(idOf('away@race.test'))
    })
  })
})
