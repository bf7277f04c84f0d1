import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, openDatabase, signIn, type SignedIn, type TestPerson } from '../support/accounts'
import { answersFor, completeCourse, library, playScenario, scenarioRoutes, takeQuiz, type AttemptView, type RunView } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

let server: TestServer
let people: TestPerson[]
const learners = new Map<string, SignedIn>()

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>) {
  const db = await openDatabase(server.databaseUri)
  try {
    return await work(db)
  }
  finally {
    await db.close()
  }
}
/** Tests that move time rewrite the learner's record facts along with the raw records. */
async function rewriteFacts(db: Awaited<ReturnType<typeof openDatabase>>, user: Types.ObjectId, change: (record: Record<string, Record<string, Record<string, unknown>>>) => void) {
  const record = (await db.collection('learnerrecords').findOne({ _id: user }))!
  change(record as unknown as Record<string, Record<string, Record<string, unknown>>>)
  await db.collection('learnerrecords').replaceOne({ _id: user }, record)
}
const idOf = (email: string) => new Types.ObjectId(people.find(p => p.email === email)!.id)

/** Sentences that only answer keys and scoring hold. */
function secretsOf(quizId: string) {
  return library.quizzes.get(quizId)!.definition.questions.map(q => q.explanation)
}

beforeAll(async () => {
  server = await startServer()
  people = await createPeople(server.databaseUri, [
    { email: 'ana@learn.test', role: 'staff' },
    { email: 'ben@learn.test', role: 'staff' },
    { email: 'cy@learn.test', role: 'staff' },
    { email: 'dee@learn.test', role: 'staff' },
    { email: 'hr@learn.test', role: 'hr', department: 'people-and-training' },
  ])
  for (const p of people) learners.set(p.email, await signIn(server, p.email))
})
afterAll(async () => {
  await server?.stop()
})

describe('lessons', () => {
  it('marks a lesson complete once, however many times it is posted at once', async () => {
    const ana = learners.get('ana@learn.test')!
    const lesson = library.lessons[0]!
    const url = `/api/courses/${lesson.course}/lessons/${lesson.slug}/complete`
    const results = await Promise.all(Array.from({ length: 5 }, () => ana.json<{ completedAt: string }>(url, { method: 'POST' })))
    expect(results.map(r => r.status)).toEqual([200, 200, 200, 200, 200])
    expect(new Set(results.map(r => r.body.completedAt)).size).toBe(1)
    const count = await withDatabase(db => db.collection('lessoncompletions').countDocuments({ user: idOf('ana@learn.test') }))
    expect(count).toBe(1)
    const read = await ana.json<{ completed: boolean }>(`/api/courses/${lesson.course}/lessons/${lesson.slug}/progress`)
    expect(read.body.completed).toBe(true)
    const other = await learners.get('ben@learn.test')!.json<{ completed: boolean }>(`/api/courses/${lesson.course}/lessons/${lesson.slug}/progress`)
    expect(other.body.completed).toBe(false)
  })

  it('sends every signed-in reader the same lesson page, compressed, and nobody else', async () => {
    const lesson = library.lessons[1]!
    const path = `/courses/${lesson.course}/${lesson.slug}`
    const signedOut = await server.fetch(path, { redirect: 'manual' })
    expect(signedOut.status).toBe(302)
    expect(signedOut.headers.get('location')).toBe(`/sign-in?redirect=${encodeURIComponent(path)}`)
    expect(await signedOut.text()).not.toContain(lesson.title)

    const pages = await Promise.all(['ana@learn.test', 'ben@learn.test', 'hr@learn.test'].map(email => learners.get(email)!.fetch(path)))
    const bodies = await Promise.all(pages.map(p => p.text()))
    expect(pages.map(p => p.status)).toEqual([200, 200, 200])
    expect(bodies[0]).toContain(lesson.title.replace(/&/g, '&amp;').replace(/'/g, '&#39;'))
    expect(new Set(bodies).size).toBe(1)
    for (const person of people) {
      expect(bodies[0]).not.toContain(person.email)
      expect(bodies[0]).not.toContain(person.id)
    }
    const raw = await learners.get('ana@learn.test')!.fetch(path, { headers: { 'accept-encoding': 'br' } })
    expect(raw.headers.get('content-encoding')).toBe('br')

    // The sign-in check runs on every request, not once per cached page.
    const cy = learners.get('cy@learn.test')!
    expect((await cy.fetch(path)).status).toBe(200)
    const hr = learners.get('hr@learn.test')!
    expect((await hr.json(`/api/users/${idOf('cy@learn.test')}`, { method: 'PATCH', body: { active: false } })).status).toBe(200)
    const after = await cy.fetch(path, { redirect: 'manual' })
    expect(after.status).toBe(302)
    expect((await hr.json(`/api/users/${idOf('cy@learn.test')}`, { method: 'PATCH', body: { active: true } })).status).toBe(200)
    learners.set('cy@learn.test', await signIn(server, 'cy@learn.test'))
  })
})

describe('quizzes', () => {
  const quizId = 'why-service-matters-quiz'

  it('sends no answer key, explanation or score before the attempt is submitted', async () => {
    const ben = learners.get('ben@learn.test')!
    const before = await ben.fetch(`/api/quizzes/${quizId}`).then(r => r.text())
    const started = await ben.fetch(`/api/quizzes/${quizId}/attempts`, { method: 'POST' }).then(r => r.text())
    const attempt = JSON.parse(started) as AttemptView
    const saved = await ben.json(`/api/quiz-attempts/${attempt.id}/answers`, { method: 'PUT', body: { answers: answersFor(quizId, attempt) } })
    const reloaded = await ben.fetch(`/api/quiz-attempts/${attempt.id}`).then(r => r.text())
    for (const text of [before, started, JSON.stringify(saved.body), reloaded]) {
      expect(text).not.toMatch(/"correct"|"explanation"|"correctAnswer"|"score"|"answer"\s*:/)
      for (const secret of secretsOf(quizId)) expect(text).not.toContain(secret)
    }
    // Saved answers survive a reload.
    expect(Object.keys(JSON.parse(reloaded).answers)).toHaveLength(attempt.questions.length)
    expect(attempt.questions.length).toBe(library.quizzes.get(quizId)!.definition.poolSize)
  })

  it('grades on the server, question by question, and records the content version', async () => {
    const ben = learners.get('ben@learn.test')!
    const current = await ben.json<{ inProgress: string }>(`/api/quizzes/${quizId}`)
    const attempt = (await ben.json<AttemptView>(`/api/quiz-attempts/${current.body.inProgress}`)).body
    // Right on even positions only: the grade must follow exactly.
    const answers = answersFor(quizId, attempt, i => i % 2 === 0)
    await ben.json(`/api/quiz-attempts/${attempt.id}/answers`, { method: 'PUT', body: { answers } })
    const graded = (await ben.json<AttemptView>(`/api/quiz-attempts/${attempt.id}/submit`, { method: 'POST' })).body
    const expected = attempt.questions.map((_, i) => i % 2 === 0)
    expect(graded.result!.review.map(r => r.correct)).toEqual(expected)
    expect(graded.result!.correct).toBe(expected.filter(Boolean).length)
    expect(graded.result!.score).toBe(Math.round((graded.result!.correct / graded.result!.total) * 100))
    expect(graded.result!.passed).toBe(graded.result!.score >= library.quizzes.get(quizId)!.definition.passMark)
    // The right answers and explanations only once passed (test/server/integrity.test.ts covers the rest).
    expect(graded.result!.review.every(r => graded.result!.passed ? r.explanation.length > 0 : r.explanation === null)).toBe(true)
    expect(graded.version).toBe(library.quizzes.get(quizId)!.version)
    // Every question type is graded: a draw of 10 may miss a type, so more quizzes are
    // taken, each right on alternate questions, until all four types have been seen.
    const types = new Set(attempt.questions.map(q => q.type))
    for (const other of ['service-channels-quiz', 'after-sales-service-quiz', 'listening-to-customers-quiz', 'service-department-quiz']) {
      if (types.size === 4) break
      const taken = await takeQuiz(ben, other, i => i % 2 === 1)
      expect(taken.result!.review.map(r => r.correct)).toEqual(taken.questions.map((_, i) => i % 2 === 1))
      for (const q of taken.questions) types.add(q.type)
    }
    expect([...types].sort()).toEqual(['multiple', 'ordering', 'single', 'truefalse'])
  })

  it('refuses a client-supplied score and an answer of the wrong shape', async () => {
    const cy = learners.get('cy@learn.test')!
    const attempt = (await cy.json<AttemptView>(`/api/quizzes/${quizId}/attempts`, { method: 'POST' })).body
    const bad = await cy.json('/api/quiz-attempts/' + attempt.id + '/answers', { method: 'PUT', body: { answers: { [attempt.questions[0]!.id]: { $gt: '' } } } })
    expect(bad.status).toBe(400)
    const sneaky = await cy.json<AttemptView>(`/api/quiz-attempts/${attempt.id}/submit`, { method: 'POST', body: { score: 100, passed: true } })
    expect(sneaky.body.result!.score).toBe(0)
    expect(sneaky.body.result!.passed).toBe(false)
  })

  it('enforces the cooldown and the attempt limit with clear messages', async () => {
    const cy = learners.get('cy@learn.test')!
    const quiz = library.quizzes.get(quizId)!.definition
    const early = await cy.json<{ statusMessage: string }>(`/api/quizzes/${quizId}/attempts`, { method: 'POST' })
    expect(early.status).toBe(429)
    expect(early.body.statusMessage).toMatch(new RegExp(`${quiz.cooldownMinutes} minutes after your last attempt`))
    const pastCooldown = () => withDatabase(async (db) => {
      const submittedAt = new Date(Date.now() - (quiz.cooldownMinutes + 1) * 60_000)
      const startedAt = new Date(Date.now() - (quiz.cooldownMinutes + 2) * 60_000)
      await db.collection('quizattempts').updateMany({ user: idOf('cy@learn.test') }, { $set: { submittedAt, startedAt } })
      await rewriteFacts(db, idOf('cy@learn.test'), (record) => {
        for (const attempt of Object.values(record.quizAttempts!)) Object.assign(attempt, { submittedAt, startedAt })
      })
    })
    for (let used = 1; used < quiz.attemptLimit; used++) {
      await pastCooldown()
      const failed = await takeQuiz(cy, quizId, () => false)
      expect(failed.result!.passed).toBe(false)
    }
    await pastCooldown()
    const over = await cy.json<{ statusMessage: string }>(`/api/quizzes/${quizId}/attempts`, { method: 'POST' })
    expect(over.status).toBe(409)
    expect(over.body.statusMessage).toMatch(new RegExp(`used all ${quiz.attemptLimit} attempts`))
  })

  it('grades a doubled submit and racing starts exactly once', async () => {
    const dee = learners.get('dee@learn.test')!
    const starts = await Promise.all(Array.from({ length: 4 }, () => dee.json<AttemptView>('/api/quizzes/service-principles-quiz/attempts', { method: 'POST' })))
    expect(new Set(starts.map(s => s.body.id)).size).toBe(1)
    const attempt = starts[0]!.body
    await dee.json(`/api/quiz-attempts/${attempt.id}/answers`, { method: 'PUT', body: { answers: answersFor('service-principles-quiz', attempt) } })
    const submits = await Promise.all(Array.from({ length: 5 }, () => dee.json<AttemptView>(`/api/quiz-attempts/${attempt.id}/submit`, { method: 'POST' })))
    expect(submits.map(s => s.status)).toEqual([200, 200, 200, 200, 200])
    const grades = submits.map(({ body: { result } }) => JSON.stringify({ score: result!.score, passed: result!.passed, review: result!.review }))
    expect(new Set(grades).size).toBe(1)
    const stored = await withDatabase(db => db.collection('quizattempts').find({ user: idOf('dee@learn.test'), quiz: 'service-principles-quiz' }).toArray())
    expect(stored).toHaveLength(1)
    expect(stored[0]!.status).toBe('submitted')
  })

  it('lets nobody else open an attempt', async () => {
    const ana = learners.get('ana@learn.test')!
    const dees = await withDatabase(db => db.collection('quizattempts').findOne({ user: idOf('dee@learn.test') }))
    expect((await ana.json(`/api/quiz-attempts/${dees!._id}`)).status).toBe(404)
    expect((await ana.json(`/api/quiz-attempts/${dees!._id}/submit`, { method: 'POST' })).status).toBe(404)
  })
})

describe('role-play scenarios', () => {
  const scenarioId = 'store-return-personal'

  it('shows the customer\'s line and the replies, without scores, feedback or routes', async () => {
    const ana = learners.get('ana@learn.test')!
    const text = await ana.fetch(`/api/scenarios/${scenarioId}/runs`, { method: 'POST' }).then(r => r.text())
    const run = JSON.parse(text) as RunView
    expect(run.node!.customer).toBe(library.scenarios.get(scenarioId)!.definition.nodes[library.scenarios.get(scenarioId)!.definition.start]!.customer)
    expect(text).not.toMatch(/"scores"|"feedback"|"next"|"passThresholds"/)
    for (const node of Object.values(library.scenarios.get(scenarioId)!.definition.nodes)) {
      for (const choice of node.choices) expect(text).not.toContain(choice.feedback)
    }
  })

  it('refuses a reply not offered at the current node, and a step for another node', async () => {
    const ana = learners.get('ana@learn.test')!
    const run = (await ana.json<RunView>(`/api/scenarios/${scenarioId}/runs`, { method: 'POST' })).body
    const notOffered = await ana.json<{ data: { fields: { field: string }[] } }>(`/api/scenario-runs/${run.id}/steps`, { method: 'POST', body: { node: run.node!.id, choice: 'no-such-choice' } })
    expect(notOffered.status).toBe(400)
    expect(notOffered.body.data.fields[0]!.field).toBe('choice')
    const definition = library.scenarios.get(scenarioId)!.definition
    const otherNode = Object.keys(definition.nodes).find(id => id !== run.node!.id && definition.nodes[id]!.choices.length)!
    const wrongNode = await ana.json(`/api/scenario-runs/${run.id}/steps`, { method: 'POST', body: { node: otherNode, choice: definition.nodes[otherNode]!.choices[0]!.id } })
    expect(wrongNode.status).toBe(409)
    const malformed = await ana.json(`/api/scenario-runs/${run.id}/steps`, { method: 'POST', body: { node: { $ne: 1 }, choice: 3 } })
    expect(malformed.status).toBe(400)
  })

  it('records a doubled reply once, with its feedback and the time taken', async () => {
    const ana = learners.get('ana@learn.test')!
    const run = (await ana.json<RunView>(`/api/scenarios/${scenarioId}/runs`, { method: 'POST' })).body
    // The reply the failing route takes here (replies are shown in a shuffled order), so the
    // next test can play this run on to its end.
    const choice = (scenarioRoutes(library.scenarios.get(scenarioId)!.definition).find(r => !r.passed)!.choices[0] as { choice: string }).choice
    const replies = await Promise.all(Array.from({ length: 3 }, () => ana.json<{ step: { feedback: string }, run: RunView }>(`/api/scenario-runs/${run.id}/steps`, { method: 'POST', body: { node: run.node!.id, choice } })))
    expect(replies.map(r => r.status)).toEqual([200, 200, 200])
    const definition = library.scenarios.get(scenarioId)!.definition
    expect(replies[0]!.body.step.feedback).toBe(definition.nodes[run.node!.id]!.choices.find(c => c.id === choice)!.feedback)
    const stored = await withDatabase(db => db.collection('scenarioruns').findOne({ _id: new Types.ObjectId(run.id) }))
    expect(stored!.steps).toHaveLength(1)
    expect(stored!.steps[0].ms).toBeGreaterThanOrEqual(0)
  })

  it('ends with per-skill scores, pass or fail, and the transcript; a learner can retry', async () => {
    const ana = learners.get('ana@learn.test')!
    const failed = await playScenario(ana, scenarioId, false)
    expect(failed.status).toBe('completed')
    expect(failed.result!.passed).toBe(false)
    const passed = await playScenario(ana, scenarioId, true)
    expect(passed.result!.passed).toBe(true)
    expect(passed.result!.skills.every(s => s.score >= s.threshold)).toBe(true)
    expect(passed.transcript.length).toBeGreaterThan(2)
    expect(passed.transcript.every(t => t.reply && t.feedback)).toBe(true)
  })
})

describe('certificates and the learner summary', () => {
  const path = library.paths.get('new-staff-essentials')!.definition

  async function finishPath(learner: SignedIn, { lastStepsAtOnce = 1 } = {}) {
    for (const course of path.requires.courses) await completeCourse(learner, course)
    for (const quiz of path.requires.quizzes) expect((await takeQuiz(learner, quiz)).result!.passed).toBe(true)
    const [first, ...rest] = path.requires.scenarios
    for (const scenario of rest) expect((await playScenario(learner, scenario)).result!.passed).toBe(true)
    // The last reply of the last role-play, sent several times at once.
    const scenario = library.scenarios.get(first!)!.definition
    const { scenarioRoutes } = await import('../support/learning')
    const route = scenarioRoutes(scenario).find(r => r.passed)!
    const run = (await learner.json<RunView>(`/api/scenarios/${first}/runs`, { method: 'POST' })).body
    for (const step of route.choices.slice(0, -1)) await learner.json(`/api/scenario-runs/${run.id}/steps`, { method: 'POST', body: step })
    const last = route.choices.at(-1)!
    const finals = await Promise.all(Array.from({ length: lastStepsAtOnce }, () => learner.json(`/api/scenario-runs/${run.id}/steps`, { method: 'POST', body: last })))
    expect(finals.every(f => f.status === 200)).toBe(true)
  }

  it('issues exactly one certificate the moment the path is complete', async () => {
    const ben = learners.get('ben@learn.test')!
    await withDatabase(async (db) => {
      await db.collection('quizattempts').deleteMany({ user: idOf('ben@learn.test') })
      await rewriteFacts(db, idOf('ben@learn.test'), (record) => {
        record.quizAttempts = {}
      })
    })
    await finishPath(ben, { lastStepsAtOnce: 4 })
    await Promise.all(Array.from({ length: 4 }, () => ben.json('/api/me/learning')))
    const certificates = await withDatabase(db => db.collection('certificates').find({ user: idOf('ben@learn.test') }).toArray())
    expect(certificates).toHaveLength(1)
    expect(certificates[0]!.code).toMatch(/^[A-Z2-7]{26}$/)
    const mine = await ben.json<{ paths: { id: string, done: number, required: number, certificate: { code: string } | null }[], certificates: { code: string, status: string }[] }>('/api/me/learning')
    const essentials = mine.body.paths.find(p => p.id === path.id)!
    expect(essentials.done).toBe(essentials.required)
    expect(essentials.certificate!.code).toBe(certificates[0]!.code)
    expect(mine.body.certificates).toEqual([expect.objectContaining({ code: certificates[0]!.code, status: 'valid' })])
  })

  it('shows the certificate to its holder, as a PDF too, and to nobody else', async () => {
    const ben = learners.get('ben@learn.test')!
    const { code } = (await withDatabase(db => db.collection('certificates').findOne({ user: idOf('ben@learn.test') })))!
    const page = await ben.json<{ holderName: string, name: string, expiresAt: string, issuedAt: string }>(`/api/certificates/${code}`)
    expect(page.body.name).toBe(path.certificate.name)
    const months = (new Date(page.body.expiresAt).getUTCFullYear() - new Date(page.body.issuedAt).getUTCFullYear()) * 12 + new Date(page.body.expiresAt).getUTCMonth() - new Date(page.body.issuedAt).getUTCMonth()
    expect(months).toBe(path.certificate.validityMonths)
    const pdf = await ben.fetch(`/api/certificates/${code}/pdf`)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
    expect((await learners.get('ana@learn.test')!.json(`/api/certificates/${code}`)).status).toBe(404)
    expect((await learners.get('ana@learn.test')!.fetch(`/api/certificates/${code}/pdf`)).status).toBe(404)
  })

  it('verifies publicly, showing validity and nothing else about the person', async () => {
    const { code } = (await withDatabase(db => db.collection('certificates').findOne({ user: idOf('ben@learn.test') })))!
    const res = await server.fetch(`/api/verify/${code}`)
    const body = await res.json()
    expect(res.status).toBe(200)
    expect(body.status).toBe('valid')
    expect(body.qrCode).toMatch(/^data:image\/png;base64,/)
    const text = JSON.stringify(body)
    expect(text).not.toContain('ben@learn.test')
    expect(text).not.toMatch(/"user"|"email"|"department"|"jobRole"/)
    expect((await server.fetch('/api/verify/ZZZZZZZZZZZZZZZZZZZZZZZZZZ')).status).toBe(404)
    expect((await server.fetch('/api/verify/not-a-code')).status).toBe(400)
  })

  it('shows an expired certificate as expired and starts a new cycle that keeps the history', async () => {
    const ben = learners.get('ben@learn.test')!
    const first = (await withDatabase(db => db.collection('certificates').findOne({ user: idOf('ben@learn.test') })))!
    // Move the whole first cycle 400 days into the past.
    const longAgo = (days: number) => new Date(Date.now() - days * 86_400_000)
    await withDatabase(async (db) => {
      await db.collection('certificates').updateOne({ _id: first._id }, { $set: { issuedAt: longAgo(400), expiresAt: longAgo(1) } })
      await db.collection('quizattempts').updateMany({ user: idOf('ben@learn.test') }, { $set: { startedAt: longAgo(401), submittedAt: longAgo(401) } })
      await db.collection('scenarioruns').updateMany({ user: idOf('ben@learn.test') }, { $set: { startedAt: longAgo(401), completedAt: longAgo(401) } })
      await rewriteFacts(db, idOf('ben@learn.test'), (record) => {
        Object.assign(record.certificates![first.code]!, { issuedAt: longAgo(400), expiresAt: longAgo(1) })
        for (const attempt of Object.values(record.quizAttempts!)) Object.assign(attempt, { startedAt: longAgo(401), submittedAt: longAgo(401) })
        for (const run of Object.values(record.scenarioRuns!)) Object.assign(run, { startedAt: longAgo(401), completedAt: longAgo(401) })
      })
    })
    const verify = await server.fetch(`/api/verify/${first.code}`).then(r => r.json())
    expect(verify.status).toBe('expired')
    const mine = await ben.json<{ paths: { id: string, cycle: number, done: number, required: number, certificate: unknown }[] }>('/api/me/learning')
    const essentials = mine.body.paths.find(p => p.id === path.id)!
    expect(essentials.cycle).toBe(2)
    expect(essentials.certificate).toBeNull()
    // Lessons stay read; quizzes and role-plays must be passed again.
    const lessons = library.lessons.filter(l => path.requires.courses.includes(l.course)).length
    expect(essentials.done).toBe(lessons)
    for (const quiz of path.requires.quizzes) expect((await takeQuiz(ben, quiz)).result!.passed).toBe(true)
    for (const scenario of path.requires.scenarios) await playScenario(ben, scenario)
    const certificates = await withDatabase(db => db.collection('certificates').find({ user: idOf('ben@learn.test') }).sort({ cycle: 1 }).toArray())
    expect(certificates.map(c => c.cycle)).toEqual([1, 2])
    expect((await server.fetch(`/api/verify/${certificates[1]!.code}`).then(r => r.json())).status).toBe('valid')
  })

  it('lets HR revoke a certificate, which verification then says', async () => {
    const hr = learners.get('hr@learn.test')!
    const latest = (await withDatabase(db => db.collection('certificates').find({ user: idOf('ben@learn.test') }).sort({ cycle: -1 }).limit(1).toArray()))[0]!
    expect((await learners.get('ana@learn.test')!.json(`/api/certificates/${latest.code}/revoke`, { method: 'POST', body: { reason: 'issued in error' } })).status).toBe(403)
    expect((await hr.json(`/api/certificates/${latest.code}/revoke`, { method: 'POST', body: { reason: 'issued in error' } })).status).toBe(200)
    const verify = await server.fetch(`/api/verify/${latest.code}`).then(r => r.json())
    expect(verify.status).toBe('revoked')
  })

  it('keeps each learner\'s summary equal to a recount of their raw records', async () => {
    for (const person of people.filter(p => p.role === 'staff')) {
      const user = idOf(person.email)
      const { summary, recount } = await withDatabase(async (db) => {
        const summary = await db.collection('learnersummaries').findOne({ user })
        const lessons = await db.collection('lessoncompletions').countDocuments({ user })
        const quizzes = await db.collection('quizattempts').distinct('quiz', { user, status: 'submitted', passed: true })
        const scenarios = await db.collection('scenarioruns').distinct('scenario', { user, status: 'completed', passed: true })
        return { summary, recount: { lessonsCompleted: lessons, quizzesPassed: quizzes.length, scenariosPassed: scenarios.length } }
      })
      expect(summary, person.email).not.toBeNull()
      expect({ lessonsCompleted: summary!.lessonsCompleted, quizzesPassed: summary!.quizzesPassed, scenariosPassed: summary!.scenariosPassed }, person.email).toEqual(recount)
    }
  })
})
