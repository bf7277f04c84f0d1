import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, openDatabase, signIn, type SignedIn } from '../support/accounts'
import { library } from '../support/learning'
import { startServer, type TestServer } from '../support/server'
import type { RunView, StepView } from '../../shared/types/learning'

// Written replies through HTTP: the node is shown without its checks, the reply is checked on
// the server, the conversation branches by the moves found, and hostile text is stored as text.

const SCENARIO = 'delayed-order-email'
const scenario = library.scenarios.get(SCENARIO)!.definition
const node = scenario.nodes[scenario.start]!
const written = node.written!

let server: TestServer
// One learner per run: starting a role-play resumes the run in progress.
const NAMES = ['wren', 'ada', 'bo', 'cai', 'dot', 'eve'] as const
const learners = new Map<string, SignedIn>()

beforeAll(async () => {
  server = await startServer()
  await createPeople(server.databaseUri, NAMES.map(n => ({ email: `${n}@written.test`, role: 'staff' as const, department: 'contact-centre', jobRole: 'Contact-centre agent' })))
  for (const n of NAMES) learners.set(n, await signIn(server, `${n}@written.test`))
})
afterAll(async () => {
  await server?.stop()
})

const runOwner = new Map<string, SignedIn>()
async function startRun(name: typeof NAMES[number]) {
  const learner = learners.get(name)!
  const started = await learner.json<RunView>(`/api/scenarios/${SCENARIO}/runs`, { method: 'POST' })
  expect(started.status).toBe(200)
  runOwner.set(started.body.id, learner)
  return started.body
}
const send = (run: RunView, body: Record<string, unknown>) => runOwner.get(run.id)!.json<StepView & { data?: { fields: { field: string, message: string }[] } }>(`/api/scenario-runs/${run.id}/steps`, { method: 'POST', body })

describe('written replies', () => {
  it('shows the written node with its limit only: no branches, patterns, feedback or example reply', async () => {
    const run = await startRun('wren')
    expect(run.node).toMatchObject({ id: scenario.start, choices: [], written: { document: 'email', maxLength: written.maxLength } })
    const text = JSON.stringify(run)
    for (const secret of [written.example, ...written.good, ...written.expect.flatMap(m => [m.found, m.missing, ...m.patterns.filter(p => p.length > 12)]), ...node.choices.flatMap(c => [c.text, c.feedback])]) {
      expect(text, secret).not.toContain(secret)
    }
  })

  it('refuses a picked reply, an empty reply and one over the limit, storing nothing', async () => {
    const run = await startRun('wren')
    const picked = await send(run, { node: run.node!.id, choice: node.choices[0]!.id })
    expect(picked.status).toBe(400)
    expect(picked.body.data!.fields[0]).toMatchObject({ field: 'choice', message: expect.stringMatching(/written reply/) })
    const empty = await send(run, { node: run.node!.id, text: ' \u0007 ' })
    expect(empty.status).toBe(400)
    const long = await send(run, { node: run.node!.id, text: 'a'.repeat(written.maxLength + 1) })
    expect(long.status).toBe(400)
    expect(long.body.data!.fields[0]!.message).toMatch(new RegExp(`at most ${written.maxLength}`))
    const huge = await send(run, { node: run.node!.id, text: 'a'.repeat(10_001) })
    expect(huge.status).toBe(400)
    const again = await learners.get('wren')!.json<RunView>(`/api/scenario-runs/${run.id}`)
    expect(again.body.transcript).toEqual([])
  })

  it('branches by the moves found: the example reply reaches the best branch, a reply without them the default', async () => {
    const good = await send(await startRun('ada'), { node: scenario.start, text: written.example })
    expect(good.status).toBe(200)
    expect(good.body.run.node!.id).toBe(node.choices[0]!.next)
    expect(good.body.step.written!.moves.every(m => m.found)).toBe(true)
    expect(good.body.step.written!.example).toBe(written.example)

    const pitfall = await send(await startRun('bo'), { node: scenario.start, text: 'Dear Ms Desai, sorry, I don\'t know where it is.' })
    expect(pitfall.body.step.feedback).toBe(node.choices.find(c => c.when?.pitfalls === 'any')!.feedback)
    expect(pitfall.body.step.written!.pitfalls).toEqual([expect.objectContaining({ id: 'bare-dont-know', quote: 'I don\'t know', lesson: 'service-pitfalls/saying-i-dont-know', lessonTitle: expect.stringContaining('know') })])
    expect(pitfall.body.step.written!.moves.filter(m => !m.found).map(m => m.id)).toEqual(['acknowledge', 'next-contact'])

    const plain = await send(await startRun('cai'), { node: scenario.start, text: 'Your order is delayed.' })
    expect(plain.body.step.feedback).toBe(node.choices.at(-1)!.feedback)
    expect(plain.body.run.node!.id).toBe(node.choices.at(-1)!.next)
  })

  it('stores hostile text as text, checks it without error and recognises a retry of the same reply', async () => {
    const run = await startRun('dot')
    const hostile = `<script>alert(1)</script><img src=x onerror=alert(2)> \u0000Ich weiß es nicht. 我不知道。 ${'ü'.repeat(200)} I don't know.`
    const replies = await Promise.all([1, 2].map(() => send(run, { node: scenario.start, text: hostile })))
    expect(replies.map(r => r.status)).toEqual([200, 200])
    const stored = hostile.replace('\u0000', '')
    expect(replies[0]!.body.step.reply).toBe(stored)
    expect(replies[0]!.body.step.written!.pitfalls.map(p => p.id)).toEqual(['bare-dont-know'])
    const db = await openDatabase(server.databaseUri)
    try {
      const doc = await db.collection('scenarioruns').findOne({ _id: new Types.ObjectId(run.id) })
      expect(doc!.steps).toHaveLength(1)
      expect(doc!.steps[0].reply).toBe(stored)
    }
    finally {
      await db.close()
    }
  })
})

describe('a trainer trying a reply in the preview', () => {
  let trainer: SignedIn
  type Tryout = { findings: { moves: { id: string, found: boolean, quote: string | null }[], pitfalls: { id: string, quote: string, lessonTitle?: string }[] }, branch: { id: string, next: string }, unknownPitfalls: string[] }
  type PreviewNode = { written: { document: string, maxLength: number, avoid: string[], expect: { id: string, move: string, patterns: string[], found: string, missing: string }[] }, choices: { id: string, next: string, when?: unknown }[] }
  let previewNode: PreviewNode
  const bodyFor = (n: PreviewNode, text: string) => ({
    written: { document: n.written.document, maxLength: n.written.maxLength, avoid: n.written.avoid, expect: n.written.expect.map(({ id, move, patterns, found, missing }) => ({ id, move, patterns, found, missing })) },
    branches: n.choices.map(({ id, next, when }) => ({ id, next, when })),
    text,
  })
  const tryReply = (body: unknown) => trainer.json<Tryout & { data?: { fields: { field: string, message: string }[] } }>('/api/trainer/written-check', { method: 'POST', body })

  beforeAll(async () => {
    await createPeople(server.databaseUri, [{ email: 'tess@written.test', role: 'trainer' }])
    trainer = await signIn(server, 'tess@written.test')
    const preview = await trainer.json<{ nodes: Record<string, PreviewNode> }>(`/api/trainer/scenarios/${SCENARIO}/preview`)
    previewNode = preview.body.nodes[scenario.start]!
  })

  it('finds what a learner\'s step finds, quotes the pitfall and names the branch, recording nothing', async () => {
    const db = await openDatabase(server.databaseUri)
    try {
      const runsBefore = await db.collection('scenarioruns').countDocuments()
      const pitfallText = 'Dear Ms Desai, sorry, I don\'t know where it is.'
      const tried = await tryReply(bodyFor(previewNode, pitfallText))
      expect(tried.status).toBe(200)
      expect(tried.body.findings.pitfalls).toEqual([expect.objectContaining({ id: 'bare-dont-know', quote: 'I don\'t know', lessonTitle: expect.stringContaining('know') })])
      expect(tried.body.findings.moves.filter(m => !m.found).map(m => m.id)).toEqual(['acknowledge', 'next-contact'])
      const pitfallBranch = node.choices.find(c => c.when?.pitfalls === 'any')!
      expect(tried.body.branch).toEqual({ id: pitfallBranch.id, next: pitfallBranch.next })

      // The same text as a learner's step: the same findings and the same branch.
      const step = await send(await startRun('eve'), { node: scenario.start, text: pitfallText })
      expect(step.body.step.written!.moves).toEqual(tried.body.findings.moves)
      expect(step.body.step.feedback).toBe(pitfallBranch.feedback)

      const good = await tryReply(bodyFor(previewNode, written.example))
      expect(good.body.findings.moves.every(m => m.found && m.quote)).toBe(true)
      expect(good.body.findings.pitfalls).toEqual([])
      expect(good.body.branch.id).toBe(node.choices[0]!.id)

      // Hostile text of the largest size is checked without error.
      const hostile = await tryReply(bodyFor(previewNode, `<script>alert(1)</script>\u0000 ${'I don\'t know. '.repeat(800)}`.slice(0, 10_000)))
      expect(hostile.status).toBe(200)
      expect(hostile.body.findings.pitfalls.map(p => p.id)).toEqual(['bare-dont-know'])

      expect(await db.collection('scenarioruns').countDocuments()).toBe(runsBefore + 1)
    }
    finally {
      await db.close()
    }
  })

  it('refuses a pattern that does not compile, naming it, and refuses learners', async () => {
    const broken = bodyFor(previewNode, 'Hello')
    broken.written.expect[0]!.patterns = ['(sorry']
    const refused = await tryReply(broken)
    expect(refused.status).toBe(400)
    expect(refused.body.data!.fields[0]).toMatchObject({ field: 'written.expect.0.patterns.0', message: expect.stringMatching(/unbalanced/) })
    const learner = await learners.get('wren')!.json('/api/trainer/written-check', { method: 'POST', body: bodyFor(previewNode, 'Hello') })
    expect(learner.status).toBe(403)
  })
})
