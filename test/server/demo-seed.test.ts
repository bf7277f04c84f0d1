import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES } from '../../shared/schemas/accounts'
import { openDatabase, signIn } from '../support/accounts'
import { startServer, waitFor, type TestServer } from '../support/server'

describe('the demo organisation', () => {
  let server: TestServer
  // A reminder pass run while the seed is still loading people (the scheduler runs every minute).
  let passDuringSeed: { seedFinished: boolean, planned: number } | undefined

  beforeAll(async () => {
    server = await startServer({ env: { NUXT_DEMO_SEED: 'true' } })
    const db = await openDatabase(server.databaseUri)
    try {
      await waitFor(async () => (await db.collection('users').findOne({ email: 'admin@acme.example' })) ?? undefined, 300_000, 'the first demo person')
    }
    finally {
      await db.close()
    }
    const admin = await signIn(server, 'admin@acme.example', 'demo-password-2026')
    const seedFinished = /demo seed: 67 people/.test(server.output())
    const run = await admin.json<{ planned: { queued: number, skipped: number } }>('/api/mail/run', { method: 'POST' })
    expect(run.status).toBe(200)
    // Without SMTP every planned reminder is logged as skipped ("e-mail is off"); planned is either.
    passDuringSeed = { seedFinished, planned: run.body.planned.queued + run.body.planned.skipped }
    await waitFor(async () => /demo seed: 67 people/.test(server.output()) || undefined, 300_000, 'the demo seed to finish')
  }, 330_000)
  afterAll(async () => {
    await server?.stop()
  })

  it('has six or more departments and sixty or more people in every role, with learning done', async () => {
    const db = await openDatabase(server.databaseUri)
    try {
      const users = await db.collection('users').find().toArray()
      expect(users.length).toBeGreaterThanOrEqual(60)
      expect(new Set(users.map(u => u.role))).toEqual(new Set(ROLES))
      expect(await db.collection('departments').countDocuments()).toBeGreaterThanOrEqual(6)
      const starts = users.map(u => (u.startDate as Date).getTime())
      expect((Math.max(...starts) - Math.min(...starts)) / 86_400_000).toBeGreaterThan(90)
      const summaries = await db.collection('learnersummaries').find().toArray()
      expect(summaries).toHaveLength(users.length)
      expect(summaries.filter(s => s.lessonsCompleted > 0).length).toBeGreaterThan(30)
      const certificates = await db.collection('certificates').find().toArray()
      expect(certificates.length).toBeGreaterThan(5)
      // Issued when each learner finished, not all on the day of seeding.
      const weeks = new Set(certificates.map(c => Math.floor((c.issuedAt as Date).getTime() / (7 * 86_400_000))))
      expect(weeks.size).toBeGreaterThan(3)
      expect(await db.collection('quizattempts').countDocuments({ status: 'submitted' })).toBeGreaterThan(50)
    }
    finally {
      await db.close()
    }
  })

  it('lets each demo sign-in of the README sign in', async () => {
    for (const email of ['admin@acme.example', 'hr@acme.example', 'trainer@acme.example', 'staff@acme.example', 'agent@acme.example']) {
      const person = await signIn(server, email, 'demo-password-2026')
      expect((await person.json('/api/me')).status).toBe(200)
    }
    const agent = await signIn(server, 'agent@acme.example', 'demo-password-2026')
    const learning = await agent.json<{ paths: { done: number, required: number }[] }>('/api/me/learning')
    expect(learning.body.paths).toHaveLength(2)
    expect(learning.body.paths.some(p => p.done > 0 && p.done < p.required)).toBe(true)
  })

  it('plans no reminder while the seed loads people, then signs them with the demo organisation', async () => {
    // When the seed was already done at that moment, the pass had nothing to hold back.
    if (!passDuringSeed!.seedFinished) expect(passDuringSeed!.planned).toBe(0)
    expect((await server.fetch('/api/organisation').then(r => r.json())).name).toBe('Acme Retail')
    const admin = await signIn(server, 'admin@acme.example', 'demo-password-2026')
    const settings = await admin.json<{ settings: Record<string, unknown> }>('/api/mail/settings')
    expect(settings.body.settings).toMatchObject({ welcome: true, dueSoon: true, overdue: true, certExpiring: true, sendHourUtc: 0 })
    const after = await admin.json<{ planned: { queued: number, skipped: number } }>('/api/mail/run', { method: 'POST' })
    expect(after.body.planned.queued + after.body.planned.skipped).toBeGreaterThan(10)
  })
})
