import { Types, type Connection } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, openDatabase, signIn, type SignedIn, type TestPerson } from '../support/accounts'
import { startServer, type TestServer } from '../support/server'

// The trainer workspace over HTTP. The statistics are checked on attempts and runs
// written straight into the database in the shape the learner routes store them,
// so every expected figure is computed by hand in the comments; the coaching flow
// and a sanity check of the analysis use attempts and runs made through the learner API.

interface PreviewQuestion { id: string, type: string, options: { id: string, text: string }[], correctAnswer: unknown, skill: string }
interface QuestionStats { id: string, answered: number, correct: number, unanswered: number, difficulty: number | null, discrimination: number | null, choices: { id: string, count: number, correct: boolean }[], flags: string[] }
interface QuizAnalysis { attempts: number, passRate: number | null, averageScore: number | null, versions: { version: string, current: boolean, attempts: number, passRate: number | null, averageScore: number | null, questions: QuestionStats[] }[] }
interface NodeStats { id: string, answers: number, medianMs: number | null, choices: { id: string, count: number }[] }
interface ScenarioAnalysis { started: number, runs: number, passRate: number | null, versions: { version: string, current: boolean, started: number, runs: number, skills: { skill: string, average: number | null, threshold: number | null, metShare: number | null }[], nodes: NodeStats[] }[] }
interface ScenarioPreview { scenario: { start: string, version: string, passThresholds: Record<string, number> }, nodes: Record<string, { customer?: string, choices: { id: string, text: string, next: string }[] }> }
interface Overview { errorCount: number, quizzes: { id: string, version: string, questionCount: number, errors: unknown[], attempts: number }[], scenarios: { id: string, version: string, runs: { total: number, current: number } }[], courses: { slug: string, version: string }[], lessons: { slug: string, version: string }[] }

const HAND_QUIZ = 'soft-skills-quiz'

/** What the learner routes note in each learner's record beside the attempt or run itself. */
async function noteFacts(db: Connection, facts: [Types.ObjectId, string, Record<string, unknown>][]) {
  for (const [user, path, fact] of facts) {
    await db.collection('learnerrecords').updateOne({ _id: user }, { $set: { [path]: fact } }, { upsert: true })
  }
}
const REAL_QUIZ = 'service-principles-quiz'

describe('trainer workspace', () => {
  let server: TestServer
  let trainer: SignedIn
  let learners: TestPerson[]
  let overview: Overview

  beforeAll(async () => {
    server = await startServer()
    learners = await createPeople(server.databaseUri, [
      { email: 'trainer@trainer.test', role: 'trainer', name: 'Tess Trainer' },
      ...Array.from({ length: 8 }, (_, i) => ({ email: `learner${i + 1}@trainer.test`, role: 'staff' as const, name: `Learner ${i + 1}` })),
    ])
    learners.shift()
    trainer = await signIn(server, 'trainer@trainer.test')
    overview = (await trainer.json<Overview>('/api/trainer/content')).body
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('lists every course, lesson, quiz and scenario with its version and the checker\'s verdict', () => {
    expect(overview.errorCount).toBe(0)
    expect(overview.courses.length).toBeGreaterThan(0)
    expect(overview.lessons.length).toBeGreaterThan(overview.courses.length)
    for (const item of [...overview.courses, ...overview.lessons, ...overview.quizzes, ...overview.scenarios]) {
      expect(item.version).toMatch(/^[0-9a-f]{12}$/)
    }
    expect(overview.quizzes.find(q => q.id === HAND_QUIZ)).toMatchObject({ errors: [], attempts: 0 })
  })

  it('names the published version in the quiz and role-play previews, as the analysis does', async () => {
    type Named = { label: { version: string, ordinal: number | null, firstSeen: string | null } }
    const quiz = (await trainer.json<Named & { quiz: { version: string } }>(`/api/trainer/quizzes/${HAND_QUIZ}/preview`)).body
    expect(quiz.label).toMatchObject({ version: quiz.quiz.version, ordinal: 1 })
    expect(Date.parse(quiz.label.firstSeen!)).not.toBeNaN()
    const scenarioId = overview.scenarios[0]!.id
    const scenario = (await trainer.json<Named & { scenario: { version: string } }>(`/api/trainer/scenarios/${scenarioId}/preview`)).body
    expect(scenario.label).toMatchObject({ version: scenario.scenario.version, ordinal: 1 })
    expect(Date.parse(scenario.label.firstSeen!)).not.toBeNaN()
  })

  describe('quiz analysis on a hand-made set of attempts', () => {
    let analysis: QuizAnalysis
    let single1: PreviewQuestion, truefalse: PreviewQuestion, single3: PreviewQuestion, single4: PreviewQuestion
    let wrong1: string, wrong2: string

    beforeAll(async () => {
      const preview = (await trainer.json<{ quiz: { version: string }, questions: PreviewQuestion[] }>(`/api/trainer/quizzes/${HAND_QUIZ}/preview`)).body
      const singles = preview.questions.filter(q => q.type === 'single' && q.options.length >= 3).sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }))
      ;[single1, single3, single4] = singles as [PreviewQuestion, PreviewQuestion, PreviewQuestion]
      truefalse = preview.questions.find(q => q.type === 'truefalse')!
      const wrongOf = (q: PreviewQuestion) => q.options.map(o => o.id).filter(id => id !== q.correctAnswer).sort()
      ;[wrong1, wrong2] = wrongOf(single3) as [string, string]
      const used = [single1, truefalse, single3, single4]
      const key = (q: PreviewQuestion) => q.correctAnswer as string | boolean
      const wrong = (q: PreviewQuestion) => q.type === 'truefalse' ? !q.correctAnswer : wrongOf(q)[0]!

      // 1 = right. Totals 1, 1, 3, 2, 2, 3 of 4 → scores 25 25 75 50 50 75; pass mark 75.
      //       q1 q2 q3 q4   q2 answer       q3 answer
      //  A1    1  0  0  0   wrong           wrong1
      //  A2    1  0  0  0   wrong           wrong1
      //  A3    1  0  1  1   (unanswered)    key
      //  A4    1  1  0  0   key             wrong2
      //  A5    1  1  0  0   key             wrong2
      //  A6    1  1  1  0   key             key
      const plan: [string, (string | boolean | null)[]][] = [
        ['1000', [key(single1), wrong(truefalse), wrong1, wrong(single4)]],
        ['1000', [key(single1), wrong(truefalse), wrong1, wrong(single4)]],
        ['1011', [key(single1), null, key(single3), key(single4)]],
        ['1100', [key(single1), key(truefalse), wrong2, wrong(single4)]],
        ['1100', [key(single1), key(truefalse), wrong2, wrong(single4)]],
        ['1110', [key(single1), key(truefalse), key(single3), wrong(single4)]],
      ]
      const db = await openDatabase(server.databaseUri)
      try {
        const doc = (i: number, version: string, marks: string, answers: (string | boolean | null)[], questions = used) => {
          const correct = [...marks].filter(m => m === '1').length
          const score = Math.round(100 * correct / marks.length)
          return {
            user: new Types.ObjectId(learners[i]!.id), quiz: HAND_QUIZ, version, number: 1, status: 'submitted',
            draw: questions.map(q => ({ question: q.id, order: q.options.map(o => o.id) })),
            snapshot: questions.map(q => ({ id: q.id, type: q.type, prompt: `Prompt of ${q.id}`, skill: q.skill, explanation: 'Recorded when drawn.', ...(q.type === 'truefalse' ? { answer: q.correctAnswer } : { options: q.options.map(o => ({ ...o, correct: o.id === q.correctAnswer })) }) })),
            answers: Object.fromEntries(questions.map((q, j) => [q.id, answers[j]]).filter(([, a]) => a !== null)),
            startedAt: new Date(Date.now() - 3_600_000), submittedAt: new Date(Date.now() - 60_000 * (10 - i)),
            score, correct, total: marks.length, passed: score >= 75,
            results: questions.map((q, j) => ({ question: q.id, skill: q.skill, correct: marks[j] === '1' })),
            coaching: [],
          }
        }
        const docs = [
          ...plan.map(([marks, answers], i) => doc(i, preview.quiz.version, marks, answers)),
          // An older version of the quiz: both learners drew q1 and q2, and got q2 right.
          doc(6, 'aaaaaaaaaaaa', '11', [key(single1), key(truefalse)], [single1, truefalse]),
          doc(7, 'aaaaaaaaaaaa', '01', [wrong(single1), key(truefalse)], [single1, truefalse]),
        ]
        const { insertedIds } = await db.collection('quizattempts').insertMany(docs)
        await noteFacts(db, docs.map((d, i) => [d.user, `quizAttempts.${insertedIds[i]}`, { quiz: d.quiz, number: d.number, status: d.status, startedAt: d.startedAt, submittedAt: d.submittedAt, passed: d.passed, score: d.score }]))
      }
      finally {
        await db.close()
      }
      const res = await trainer.json<QuizAnalysis>(`/api/trainer/quizzes/${HAND_QUIZ}`)
      expect(res.status).toBe(200)
      analysis = res.body
    })

    const current = () => analysis.versions.find(v => v.current)!
    const stats = (q: PreviewQuestion) => current().questions.find(s => s.id === q.id)!

    it('reports attempts, pass rate and average score per version and overall', () => {
      expect(current()).toMatchObject({ attempts: 6, averageScore: 50 })
      expect(current().passRate).toBeCloseTo(2 / 6, 10)
      // Overall: 300 + 100 + 50 = 450 over 8 attempts; 3 passed.
      expect(analysis).toMatchObject({ attempts: 8, averageScore: 56.25, passRate: 3 / 8 })
      const old = analysis.versions.find(v => v.version === 'aaaaaaaaaaaa')!
      expect(old).toMatchObject({ current: false, attempts: 2, averageScore: 75, passRate: 0.5 })
      expect(old.questions.map(q => [q.id, q.difficulty])).toEqual([[single1.id, 0.5], [truefalse.id, 1]].sort((a, b) => String(a[0]).localeCompare(String(b[0]), undefined, { numeric: true })))
    })

    it('computes each question\'s difficulty as the share answering right', () => {
      expect([single1, truefalse, single3, single4].map(q => [stats(q).answered, stats(q).correct])).toEqual([[6, 6], [6, 3], [6, 2], [6, 1]])
      expect(stats(single1).difficulty).toBe(1)
      expect(stats(truefalse).difficulty).toBe(0.5)
      expect(stats(single3).difficulty).toBeCloseTo(1 / 3, 10)
      expect(stats(single4).difficulty).toBeCloseTo(1 / 6, 10)
      // Questions nobody drew are listed with no figures.
      const undrawn = current().questions.filter(q => ![single1, truefalse, single3, single4].some(u => u.id === q.id))
      expect(undrawn.length).toBeGreaterThan(0)
      for (const q of undrawn) expect(q).toMatchObject({ answered: 0, difficulty: null, discrimination: null, flags: [] })
    })

    it('computes discrimination as the point-biserial correlation with the rest of the score', () => {
      expect(stats(single1).discrimination).toBeNull()
      // item 0 0 0 1 1 1 against rest 1 1 3 1 1 2: Sxy = -0.5, Sxx = 1.5, Syy = 3.5
      expect(stats(truefalse).discrimination).toBeCloseTo(-0.5 / Math.sqrt(1.5 * 3.5), 10)
      // item 0 0 1 0 0 1 against rest 1 1 2 2 2 2: Sxy = 2/3, Sxx = Syy = 4/3
      expect(stats(single3).discrimination).toBeCloseTo(0.5, 10)
      // item 0 0 1 0 0 0 against rest 1 1 2 2 2 3: Sxy = 1/6, Sxx = 5/6, Syy = 17/6
      expect(stats(single4).discrimination).toBeCloseTo(1 / Math.sqrt(85), 10)
    })

    it('counts how often each option was picked', () => {
      const counts = (q: PreviewQuestion) => Object.fromEntries(stats(q).choices.map(c => [c.id, c.count]))
      // Options nobody picked are listed with a count of 0.
      expect(counts(single3)).toEqual({ ...Object.fromEntries(single3.options.map(o => [o.id, 0])), [single3.correctAnswer as string]: 2, [wrong1]: 2, [wrong2]: 2 })
      expect(counts(single1)).toMatchObject({ [single1.correctAnswer as string]: 6 })
      const tfKey = String(truefalse.correctAnswer)
      expect(counts(truefalse)).toEqual({ [tfKey]: 3, [String(!truefalse.correctAnswer)]: 2 })
      expect(stats(truefalse).unanswered).toBe(1)
      expect(stats(single3).choices.find(c => c.correct)!.id).toBe(single3.correctAnswer)
    })

    it('flags the too easy, the too hard and the one strong learners miss', () => {
      expect(stats(single1).flags).toEqual(['too-easy'])
      expect(stats(truefalse).flags).toEqual(['negative-discrimination'])
      expect(stats(single3).flags).toEqual([])
      expect(stats(single4).flags).toEqual(['too-hard', 'low-discrimination'])
    })

    it('counts the attempts in the content overview', async () => {
      const { body } = await trainer.json<Overview>('/api/trainer/content')
      expect(body.quizzes.find(q => q.id === HAND_QUIZ)!.attempts).toBe(8)
    })
  })

  describe('role-play analysis on hand-made runs', () => {
    let preview: ScenarioPreview
    let scenarioId: string
    let open: string, second: string
    let a1: string, a2: string, b1: string, b2: string
    let analysis: ScenarioAnalysis

    beforeAll(async () => {
      scenarioId = overview.scenarios[0]!.id
      preview = (await trainer.json<ScenarioPreview>(`/api/trainer/scenarios/${scenarioId}/preview`)).body
      open = preview.scenario.start
      const start = preview.nodes[open]!
      ;[a1, a2] = start.choices.map(c => c.id) as [string, string]
      second = start.choices.map(c => c.next).find(next => (preview.nodes[next]?.choices.length ?? 0) >= 2)!
      ;[b1, b2] = preview.nodes[second]!.choices.map(c => c.id) as [string, string]
      const [skill, threshold] = Object.entries(preview.scenario.passThresholds)[0]!
      const step = (node: string, choice: string, ms: number) => ({ node, customer: 'Line', choice, reply: `Reply ${choice}`, feedback: 'Feedback', scores: {}, ms, at: new Date() })
      const run = (i: number, status: string, steps: ReturnType<typeof step>[], score: number, extra: { passed?: boolean, result?: string, completedAt?: Date, version?: string } = {}) => ({
        user: new Types.ObjectId(learners[i]!.id), scenario: scenarioId, version: preview.scenario.version, number: 1, status,
        node: second, nodeShownAt: new Date(), steps, scores: { [skill]: score }, startedAt: new Date(), coaching: [], ...extra,
      } as { user: Types.ObjectId, scenario: string, version: string, number: number, status: string, startedAt: Date, completedAt?: Date, passed?: boolean })
      const db = await openDatabase(server.databaseUri)
      try {
        const past = new Date(Date.now() - 3_600_000)
        const docs = [
          run(0, 'completed', [step(open, a1, 4000), step(second, b1, 10000)], threshold + 1, { passed: true, result: 'resolved', completedAt: past }),
          run(1, 'completed', [step(open, a2, 2000), step(second, b1, 6000)], threshold - 1, { passed: false, result: 'partly-resolved', completedAt: past }),
          run(2, 'completed', [step(open, a1, 8000), step(second, b2, 3000)], threshold, { passed: false, result: 'lost', completedAt: past }),
          run(3, 'in-progress', [step(open, a1, 5000)], 0),
          run(4, 'abandoned', [step(open, a2, 1000)], 0, { version: 'bbbbbbbbbbbb' }),
        ]
        const { insertedIds } = await db.collection('scenarioruns').insertMany(docs)
        await noteFacts(db, docs.map((d, i) => [d.user, `scenarioRuns.${insertedIds[i]}`, { scenario: d.scenario, number: d.number, status: d.status, version: d.version, startedAt: d.startedAt, completedAt: d.completedAt, passed: d.passed }]))
      }
      finally {
        await db.close()
      }
      analysis = (await trainer.json<ScenarioAnalysis>(`/api/trainer/scenarios/${scenarioId}`)).body
    })

    const current = () => analysis.versions.find(v => v.current)!
    const node = (id: string) => current().nodes.find(n => n.id === id)!

    it('counts runs and the pass rate over completed runs', () => {
      expect(analysis).toMatchObject({ started: 5, runs: 3 })
      expect(analysis.passRate).toBeCloseTo(1 / 3, 10)
      expect(current()).toMatchObject({ started: 4, runs: 3 })
      expect(analysis.versions.find(v => v.version === 'bbbbbbbbbbbb')).toMatchObject({ started: 1, runs: 0 })
    })

    it('counts how often each choice was taken at each node', () => {
      const counts = (id: string) => Object.fromEntries(node(id).choices.filter(c => c.count).map(c => [c.id, c.count]))
      expect(node(open).answers).toBe(4)
      expect(counts(open)).toEqual({ [a1]: 3, [a2]: 1 })
      expect(counts(second)).toEqual({ [b1]: 2, [b2]: 1 })
      // Every choice the scenario offers is listed, taken or not.
      expect(node(open).choices.map(c => c.id)).toEqual(preview.nodes[open]!.choices.map(c => c.id))
    })

    it('takes the median time to answer at each node', () => {
      // open: 2000 4000 5000 8000 → 4500; second: 3000 6000 10000 → 6000
      expect(node(open).medianMs).toBe(4500)
      expect(node(second).medianMs).toBe(6000)
    })

    it('counts completed runs in the content overview, current version apart', async () => {
      const { body } = await trainer.json<Overview>('/api/trainer/content')
      expect(body.scenarios.find(s => s.id === scenarioId)!.runs).toEqual({ total: 3, current: 3 })
    })

    it('averages per-skill scores over completed runs', () => {
      const [skill, threshold] = Object.entries(preview.scenario.passThresholds)[0]!
      // (t + 1) + (t - 1) + t over 3 runs = t; met by 2 of 3.
      const s = current().skills.find(k => k.skill === skill)!
      expect(s.average).toBeCloseTo(threshold, 10)
      expect(s.threshold).toBe(threshold)
      expect(s.metShare).toBeCloseTo(2 / 3, 10)
    })
  })

  describe('previews', () => {
    it('serve keys and routes to trainers and record nothing', async () => {
      const db = await openDatabase(server.databaseUri)
      const count = async () => [await db.collection('quizattempts').countDocuments(), await db.collection('scenarioruns').countDocuments()]
      try {
        const before = await count()
        const quiz = await trainer.json<{ questions: PreviewQuestion[] }>(`/api/trainer/quizzes/${REAL_QUIZ}/preview`)
        expect(quiz.status).toBe(200)
        expect(quiz.body.questions.length).toBe(overview.quizzes.find(q => q.id === REAL_QUIZ)!.questionCount)
        expect(quiz.body.questions.every(q => q.correctAnswer !== undefined)).toBe(true)
        const scenario = await trainer.json<ScenarioPreview>(`/api/trainer/scenarios/${overview.scenarios[1]!.id}/preview`)
        expect(scenario.status).toBe(200)
        expect(await count()).toEqual(before)
      }
      finally {
        await db.close()
      }
    })
  })

  describe('review and coaching', () => {
    let learner: SignedIn
    let other: SignedIn
    let attemptId: string
    let runId: string

    beforeAll(async () => {
      learner = await signIn(server, learners[6]!.email)
      other = await signIn(server, learners[7]!.email)
      // A real attempt through the learner routes: every drawn question answered with its first option.
      const started = await learner.json<{ id: string, questions: { id: string, type: string, options: { id: string }[] }[] }>(`/api/quizzes/${REAL_QUIZ}/attempts`, { method: 'POST' })
      expect(started.status).toBe(200)
      attemptId = started.body.id
      const answers = Object.fromEntries(started.body.questions.map(q => [q.id,
        q.type === 'truefalse' ? true : q.type === 'single' ? q.options[0]!.id : q.options.map(o => o.id)]))
      expect((await learner.json(`/api/quiz-attempts/${attemptId}/answers`, { method: 'PUT', body: JSON.stringify({ answers }) })).status).toBe(200)
      expect((await learner.json(`/api/quiz-attempts/${attemptId}/submit`, { method: 'POST' })).status).toBe(200)
      // A real role-play run: the first reply at every node.
      const scenarioId = overview.scenarios[1]!.id
      let run = (await learner.json<{ id: string, status: string, node: { id: string, choices: { id: string }[] } | null }>(`/api/scenarios/${scenarioId}/runs`, { method: 'POST' })).body
      runId = run.id
      while (run.status === 'in-progress' && run.node) {
        const res = await learner.json<{ run: typeof run }>(`/api/scenario-runs/${runId}/steps`, { method: 'POST', body: JSON.stringify({ node: run.node.id, choice: run.node.choices[0]!.id }) })
        expect(res.status).toBe(200)
        run = res.body.run
      }
      expect(run.status).toBe('completed')
    })

    it('analyses attempts made through the learner routes', async () => {
      const { body } = await trainer.json<QuizAnalysis>(`/api/trainer/quizzes/${REAL_QUIZ}`)
      const answered = body.versions[0]!.questions.filter(q => q.answered)
      expect(body.attempts).toBe(1)
      expect(answered.length).toBe(10)
      for (const q of answered) expect(q.difficulty === 0 || q.difficulty === 1).toBe(true)
    })

    it('lists recent attempts and runs with the learner, newest first', async () => {
      const { status, body } = await trainer.json<{ attempts: { id: string, learner: { name: string }, quiz: { id: string }, feedback: number }[], runs: { id: string, learner: { name: string } }[] }>('/api/trainer/review')
      expect(status).toBe(200)
      expect(body.attempts[0]).toMatchObject({ id: attemptId, learner: { name: 'Learner 7' }, quiz: { id: REAL_QUIZ }, feedback: 0 })
      expect(body.runs.find(r => r.id === runId)).toMatchObject({ learner: { name: 'Learner 7' } })
      const onlyRuns = await trainer.json<{ attempts: unknown[], runs: unknown[] }>('/api/trainer/review?kind=scenario&limit=2')
      expect(onlyRuns.body.attempts).toEqual([])
      expect(onlyRuns.body.runs).toHaveLength(2)
      const bad = await trainer.json<{ data: { fields: { field: string }[] } }>('/api/trainer/review?limit=0')
      expect(bad.status).toBe(400)
      expect(bad.body.data.fields[0]!.field).toBe('limit')
    })

    it('shows the trainer\'s feedback on a quiz attempt to its learner and to nobody else', async () => {
      const posted = await trainer.json<{ coaching: { author: string, text: string }[] }>(`/api/trainer/quiz-attempts/${attemptId}/coaching`, { method: 'POST', body: JSON.stringify({ text: 'Look again at how to close a complaint.' }) })
      expect(posted.status).toBe(201)
      // A retried post leaves one note.
      const again = await trainer.json<{ coaching: unknown[] }>(`/api/trainer/quiz-attempts/${attemptId}/coaching`, { method: 'POST', body: JSON.stringify({ text: 'Look again at how to close a complaint.' }) })
      expect(again.status).toBe(200)
      expect(again.body.coaching).toHaveLength(1)

      const mine = await learner.json<{ result: { coaching: { author: string, text: string }[] } }>(`/api/quiz-attempts/${attemptId}`)
      expect(mine.body.result.coaching).toEqual([expect.objectContaining({ author: 'Tess Trainer', text: 'Look again at how to close a complaint.' })])
      expect((await other.json(`/api/quiz-attempts/${attemptId}`)).status).toBe(404)
      const review = await trainer.json<{ learner: { name: string }, attempt: { result: { coaching: unknown[] } } }>(`/api/trainer/quiz-attempts/${attemptId}`)
      expect(review.body.learner.name).toBe('Learner 7')
      expect(review.body.attempt.result.coaching).toHaveLength(1)
    })

    it('shows the trainer\'s feedback on a role-play run to its learner and to nobody else', async () => {
      const posted = await trainer.json(`/api/trainer/scenario-runs/${runId}/coaching`, { method: 'POST', body: JSON.stringify({ text: 'Good opening; promise a time next call.' }) })
      expect(posted.status).toBe(201)
      const mine = await learner.json<{ result: { coaching: { text: string }[] } }>(`/api/scenario-runs/${runId}`)
      expect(mine.body.result.coaching.map(c => c.text)).toEqual(['Good opening; promise a time next call.'])
      expect((await other.json(`/api/scenario-runs/${runId}`)).status).toBe(404)
      const transcript = await trainer.json<{ learner: { name: string }, run: { transcript: unknown[] } }>(`/api/trainer/scenario-runs/${runId}`)
      expect(transcript.body.learner.name).toBe('Learner 7')
      expect(transcript.body.run.transcript.length).toBeGreaterThan(0)
    })

    it('keeps both notes when two trainers post at once', async () => {
      const [a, b] = await Promise.all([
        trainer.json(`/api/trainer/quiz-attempts/${attemptId}/coaching`, { method: 'POST', body: JSON.stringify({ text: 'First of two notes.' }) }),
        trainer.json(`/api/trainer/quiz-attempts/${attemptId}/coaching`, { method: 'POST', body: JSON.stringify({ text: 'Second of two notes.' }) }),
      ])
      expect([a.status, b.status]).toEqual([201, 201])
      const mine = await learner.json<{ result: { coaching: { text: string }[] } }>(`/api/quiz-attempts/${attemptId}`)
      expect(mine.body.result.coaching.map(c => c.text).sort()).toEqual(['First of two notes.', 'Look again at how to close a complaint.', 'Second of two notes.'])
    })

    it('refuses empty feedback, unfinished attempts and learners leaving feedback', async () => {
      const empty = await trainer.json<{ data: { fields: { field: string }[] } }>(`/api/trainer/quiz-attempts/${attemptId}/coaching`, { method: 'POST', body: JSON.stringify({ text: ' ' }) })
      expect(empty.status).toBe(400)
      expect(empty.body.data.fields[0]!.field).toBe('text')
      const open = await other.json<{ id: string }>(`/api/quizzes/${REAL_QUIZ}/attempts`, { method: 'POST' })
      expect((await trainer.json(`/api/trainer/quiz-attempts/${open.body.id}/coaching`, { method: 'POST', body: JSON.stringify({ text: 'Too early.' }) })).status).toBe(409)
      expect((await learner.json(`/api/trainer/quiz-attempts/${attemptId}/coaching`, { method: 'POST', body: JSON.stringify({ text: 'I coach myself.' }) })).status).toBe(403)
      expect((await trainer.json('/api/trainer/quiz-attempts/not-an-id/coaching', { method: 'POST', body: JSON.stringify({ text: 'Hello there.' }) })).status).toBe(400)
    })
  })
})
