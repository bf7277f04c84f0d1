import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MyLearningView, RunView } from '../../shared/types/learning'
import { createPeople, openDatabase, signIn, type SignedIn } from '../support/accounts'
import { library, scenarioRoutes } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

// Trainer scorecards through HTTP: a finished run with written replies waits for review with
// the automatic findings pre-filled, the review makes its result final, a path that requires a
// reviewed pass issues its certificate only then, and HR's CSV exports never carry the text.
// The server reads a copy of content/ with one more path, which requires a reviewed pass.

const SCENARIO = 'public-review-social'
const PATH = 'reviewed-social-replies'
const JOB = 'Social media agent'
const scenario = library.scenarios.get(SCENARIO)!.definition
const passing = scenarioRoutes(scenario).find(r => r.passed)!
const writtenNode = Object.keys(scenario.nodes).find(id => scenario.nodes[id]!.written)!

let server: TestServer
let trainer: SignedIn
let hr: SignedIn
let admin: SignedIn
const learners = new Map<string, SignedIn>()

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-reviews-'))
  cpSync('content', dir, { recursive: true })
  writeFileSync(join(dir, 'paths', `${PATH}.yml`), [
    `id: ${PATH}`,
    'title: Reviewed social replies',
    'description: Public replies on social media, each reviewed by a trainer before it counts.',
    'audience:',
    `  jobRoles: [${JOB}]`,
    'dueDays: 30',
    'certificate:',
    '  name: Social Reply Certificate',
    '  validityMonths: 12',
    'requires:',
    `  scenarios: [${SCENARIO}]`,
    'requireReviewedPass: true',
    '',
  ].join('\n'))
  server = await startServer({ env: { CONTENT_WRITE: 'files', CONTENT_DIR: dir } })
  await createPeople(server.databaseUri, [
    { email: 'pass@reviews.test', role: 'staff', department: 'contact-centre', jobRole: JOB },
    { email: 'fail@reviews.test', role: 'staff', department: 'contact-centre', jobRole: JOB },
    { email: 'trainer@reviews.test', role: 'trainer', name: 'Tess Trainer' },
    { email: 'hr@reviews.test', role: 'hr', department: 'people-and-training' },
    { email: 'admin@reviews.test', role: 'admin' },
  ])
  for (const name of ['pass', 'fail']) learners.set(name, await signIn(server, `${name}@reviews.test`))
  trainer = await signIn(server, 'trainer@reviews.test')
  hr = await signIn(server, 'hr@reviews.test')
  admin = await signIn(server, 'admin@reviews.test')
}, 120_000)
afterAll(async () => {
  await server?.stop()
})

async function play(name: string) {
  const learner = learners.get(name)!
  let run = (await learner.json<RunView>(`/api/scenarios/${SCENARIO}/runs`, { method: 'POST' })).body
  for (const step of passing.choices) {
    const res = await learner.json<{ run: RunView }>(`/api/scenario-runs/${run.id}/steps`, { method: 'POST', body: step })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    run = res.body.run
  }
  return run
}
const certificateOf = async (name: string) => (await learners.get(name)!.json<MyLearningView>('/api/me/learning')).body.paths.find(p => p.id === PATH)!
type Lines = NonNullable<NonNullable<RunView['result']>['review']>['lines']
const review = (id: string, revision: number, lines: Lines, score: (l: Lines[number]) => number, extra: Record<string, unknown> = {}) =>
  trainer.json<{ run: RunView }>(`/api/trainer/scenario-runs/${id}/review`, { method: 'POST', body: { revision, scores: lines.map(l => ({ node: l.node, criterion: l.criterion, score: score(l) })), ...extra } })

describe('trainer scorecards', () => {
  let run: RunView

  it('a finished run with written replies waits for review, with the findings pre-filled as proposed scores', async () => {
    run = await play('pass')
    expect(run.result!.passed).toBe(true)
    const pending = run.result!.review!
    expect(pending).toMatchObject({ status: 'pending', revision: 0, autoPassed: true, passed: null })
    const criteria = scenario.nodes[writtenNode]!.written!.scorecard
    expect(pending.lines.map(l => l.criterion)).toEqual(criteria.map(c => c.id))
    // The example reply makes every move and falls into no pitfall: every checked criterion is proposed at 4.
    expect(pending.lines.filter(l => l.checks.length).every(l => l.proposed === 4 && l.score === null)).toBe(true)

    const queue = await trainer.json<{ runs: { id: string, review: string | null }[], attempts: unknown[] }>('/api/trainer/review?state=pending')
    expect(queue.body.attempts).toEqual([])
    expect(queue.body.runs).toContainEqual(expect.objectContaining({ id: run.id, review: 'pending' }))
    expect((await trainer.json<{ runs: { id: string }[] }>('/api/trainer/review?state=reviewed')).body.runs.map(r => r.id)).not.toContain(run.id)
  })

  it('a path requiring a reviewed pass issues no certificate while the run waits', async () => {
    const path = await certificateOf('pass')
    expect(path.certificate).toBeNull()
    expect(path.items.find(i => i.id === SCENARIO)).toMatchObject({ done: false, awaitingReview: true })
  })

  it('refuses a scorecard that leaves out a criterion, names an unknown one or quotes words not in the reply', async () => {
    const lines = run.result!.review!.lines
    expect((await review(run.id, 0, lines.slice(1), () => 4)).status).toBe(400)
    const unknown = await trainer.json(`/api/trainer/scenario-runs/${run.id}/review`, { method: 'POST', body: { revision: 0, scores: [...lines.map(l => ({ node: l.node, criterion: l.criterion, score: 4 })), { node: writtenNode, criterion: 'no-such', score: 4 }] } })
    expect(unknown.status).toBe(400)
    const misquoted = await review(run.id, 0, lines, () => 4, { comments: [{ node: writtenNode, quote: 'words the learner never wrote', text: 'Good.' }] })
    expect(misquoted.status).toBe(400)
    expect((await review(run.id, 0, lines, () => 5)).status).toBe(400)
  })

  it('the review makes the result final and the certificate of the path requiring it is issued only then', async () => {
    const lines = run.result!.review!.lines
    const reply = run.transcript.find(s => s.node === writtenNode)!.reply
    const quote = reply.split(/(?<=[.!?])\s+/)[0]!
    const saved = await review(run.id, 0, lines, l => l.proposed, { comments: [{ node: writtenNode, quote, text: 'This sentence names the problem in her words.' }] })
    expect(saved.status, JSON.stringify(saved.body)).toBe(201)
    const mine = (await learners.get('pass')!.json<RunView>(`/api/scenario-runs/${run.id}`)).body
    expect(mine.result).toMatchObject({ passed: true, review: { status: 'reviewed', revision: 1, passed: true, reviewer: 'Tess Trainer', comments: [{ node: writtenNode, quote }] } })
    const path = await certificateOf('pass')
    expect(path.certificate).not.toBeNull()
    expect(path.items.find(i => i.id === SCENARIO)).toMatchObject({ done: true, awaitingReview: false })
    expect((await trainer.json<{ runs: { id: string }[] }>('/api/trainer/review?state=reviewed')).body.runs.map(r => r.id)).toContain(run.id)
  })

  it('a reviewed result is not changed by the learner, nor by a second review on the old revision; a correction needs a reason and is audited', async () => {
    const learner = learners.get('pass')!
    const last = passing.choices.at(-1)!
    // The learner sends the last reply again (a retry) and tries another: the run stays as reviewed.
    expect((await learner.json(`/api/scenario-runs/${run.id}/steps`, { method: 'POST', body: last })).status).toBe(200)
    expect((await learner.json(`/api/scenario-runs/${run.id}/steps`, { method: 'POST', body: { node: scenario.start, text: 'Something else entirely, written afterwards.' } })).status).toBe(409)
    const after = (await learner.json<RunView>(`/api/scenario-runs/${run.id}`)).body
    expect(after.result!.review).toMatchObject({ status: 'reviewed', revision: 1, passed: true })
    const lines = after.result!.review!.lines
    // Reviewing again from revision 0 (a stale page) is refused.
    expect((await review(run.id, 0, lines, () => 0)).status).toBe(409)
    // A correction without a reason is refused; with one it lands, and the audit log keeps it.
    expect((await review(run.id, 1, lines, () => 1)).status).toBe(400)
    const corrected = await review(run.id, 1, lines, () => 1, { reason: 'Second reading: the apology is hidden behind a but.' })
    expect(corrected.status).toBe(201)
    expect(corrected.body.run.result).toMatchObject({ passed: false, review: { revision: 2, passed: false, corrections: [{ reason: expect.stringContaining('Second reading'), previousPassed: true, passed: false }] } })
    const db = await openDatabase(server.databaseUri)
    try {
      expect(await db.collection('auditevents').countDocuments({ action: 'review.correct', target: `scenario-run:${run.id}` })).toBe(1)
      expect(await db.collection('auditevents').countDocuments({ action: 'review.scorecard', target: `scenario-run:${run.id}` })).toBe(1)
      const stored = await db.collection('scenarioruns').findOne({ _id: new Types.ObjectId(run.id) })
      expect(stored!.passed).toBe(false)
    }
    finally {
      await db.close()
    }
  })

  it('a run the trainer fails earns no certificate on the path requiring a reviewed pass', async () => {
    const failed = await play('fail')
    const saved = await review(failed.id, 0, failed.result!.review!.lines, () => 1)
    expect(saved.status).toBe(201)
    expect(saved.body.run.result).toMatchObject({ passed: false, review: { status: 'reviewed', passed: false } })
    expect((await certificateOf('fail')).certificate).toBeNull()
  })

  it('filters the review queue by scorecard state, kind, course and learner, and pages it', async () => {
    type Queue = { total: number, page: number, pageSize: number, courses: { id: string }[], attempts: unknown[], runs: { id: string, learner: { email: string }, review: string | null }[] }
    const get = async (q: string) => (await trainer.json<Queue>(`/api/trainer/review?${q}`)).body
    const mine = await get('learner=PASS@reviews&kind=scenario')
    expect(mine.runs.map(r => r.learner.email)).toEqual(['pass@reviews.test'])
    expect(mine.total).toBe(1)
    expect((await get(`course=${scenario.course}&state=reviewed`)).runs.map(r => r.learner.email).sort()).toEqual(['fail@reviews.test', 'pass@reviews.test'])
    expect((await get('course=why-service-matters&state=reviewed')).total).toBe(0)
    const first = await get('state=reviewed&limit=1')
    const second = await get('state=reviewed&limit=1&page=2')
    expect([first.total, first.page, first.pageSize, first.runs.length, second.page, second.runs.length]).toEqual([2, 1, 1, 1, 2, 1])
    expect(second.runs[0]!.id).not.toBe(first.runs[0]!.id)
    expect(first.courses.map(c => c.id)).toContain(scenario.course)
    expect((await trainer.json('/api/trainer/review?page=0')).status).toBe(400)
  })

  it('HR\'s CSV exports never contain the text a learner wrote', async () => {
    const replies = [...learners.keys()].length
    expect(replies).toBe(2)
    const text = scenario.nodes[writtenNode]!.written!.example
    const fragment = text.slice(0, 40)
    const csvs = [
      await hr.fetch('/api/hr/overview.csv'),
      await hr.fetch('/api/hr/departments/contact-centre/people.csv'),
      ...await Promise.all(['overdue', 'expiring', 'recent'].map(list => hr.fetch(`/api/hr/lists/${list}/export.csv`))),
      await admin.fetch('/api/audit.csv'),
    ]
    for (const res of csvs) {
      expect(res.status, res.url).toBe(200)
      const body = await res.text()
      expect(body.length).toBeGreaterThan(20)
      expect(body).not.toContain(fragment)
      expect(body).not.toContain('names the problem in her words')
    }
    // The overview does list the learners whose replies were left out.
    expect(await (await hr.fetch('/api/hr/departments/contact-centre/people.csv')).text()).toContain('pass@reviews.test')
  })
})
