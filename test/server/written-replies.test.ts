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
