import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OverviewReport } from '../../shared/schemas/hr'
import { freePort } from '../../server/utils/embedded-db'
import { SUMMARY_DELAY_MS } from '../../server/domain/learning/summary-store'
import { assignedPaths, pathItems } from '../../server/domain/learning/path-progress'
import { createPeople, signIn, TEST_PASSWORD, withCookie, type SignedIn } from '../support/accounts'
import { answersFor, library, scenarioRoutes, type AttemptView, type RunView } from '../support/learning'
import { startServer, throwawayDatabaseUri, waitFor, type TestServer } from '../support/server'

// Two built app processes against one database, as behind a load balancer. The database
// is the test FerretDB, with the app forced onto its MongoDB code paths
// (RAPPORT_DATABASE_ENGINE=mongodb): HR reads summaries through queries, nothing is
// shared through process memory. Requests here go one after another; exactly-once under
// truly concurrent requests from two processes is MongoDB's single-document atomicity,
// which FerretDB does not give across connections (test/server/races.test.ts covers those
// code paths in one process).

// Parts that depend on the hardening work (sign-in counters in the database, the embedded
// data-directory lock) run once it is in the tree.
const sharedSignInCounters = existsSync(resolve('server/models/sign-in-throttle.ts'))
const dataDirLock = /lock/i.test(readFileSync(resolve('server/utils/embedded-db.ts'), 'utf8'))

const databaseUri = throwawayDatabaseUri()
let a: TestServer
let b: TestServer
const env = { RAPPORT_DATABASE_ENGINE: 'mongodb', NUXT_TRUST_PROXY: 'true' }

beforeAll(async () => {
  ;[a, b] = await Promise.all([startServer({ databaseUri, env }), startServer({ databaseUri, env })])
  await createPeople(databaseUri, [
    { email: 'walker@two.test', role: 'staff' },
    { email: 'guessed@two.test', role: 'staff' },
    { email: 'hr@two.test', role: 'hr', department: 'people-and-training' },
  ])
}, 90_000)
afterAll(async () => {
  await b?.stop()
  await a?.stop()
})

/** The same session on the other process: both seal cookies with the same secret. */
const on = (server: TestServer, session: SignedIn) => withCookie(server, session.cookie)

describe('two app processes on one database', () => {
  it('a learner\'s work moves between processes without loss', async () => {
    const viaA = await signIn(a, 'walker@two.test')
    const viaB = on(b, viaA)
    // A lesson read through A shows through B.
    const lesson = library.lessons[0]!
    expect((await viaA.json(`/api/courses/${lesson.course}/lessons/${lesson.slug}/complete`, { method: 'POST' })).status).toBe(200)
    expect((await viaB.json<{ completed: boolean }>(`/api/courses/${lesson.course}/lessons/${lesson.slug}/progress`)).body.completed).toBe(true)

    // A quiz started on A, answered on B, submitted on A, resumed on B. Each process keeps a
    // copy of the attempt it last wrote: A grades from its copy of the start only if no save
    // came since (B's did), and B's copy from its save must not let a save in after the grade.
    const quizId = [...library.quizzes.keys()][0]!
    const started = await viaA.json<AttemptView>(`/api/quizzes/${quizId}/attempts`, { method: 'POST' })
    expect(started.status).toBe(200)
    const resumed = await viaB.json<AttemptView>(`/api/quizzes/${quizId}/attempts`, { method: 'POST' })
    expect(resumed.body.id).toBe(started.body.id)
    const answers = answersFor(quizId, started.body)
    expect((await viaB.json(`/api/quiz-attempts/${started.body.id}/answers`, { method: 'PUT', body: { answers } })).status).toBe(200)
    const submitted = await viaA.json<AttemptView>(`/api/quiz-attempts/${started.body.id}/submit`, { method: 'POST' })
    expect(submitted.body.result?.passed).toBe(true)
    expect(submitted.body.answers).toEqual(answers)
    expect((await viaB.json(`/api/quiz-attempts/${started.body.id}/answers`, { method: 'PUT', body: { answers } })).status).toBe(409)
    const again = await viaB.json<AttemptView>(`/api/quiz-attempts/${started.body.id}/submit`, { method: 'POST' })
    expect(again.body.result).toEqual(submitted.body.result)

    // A role-play with its replies sent to alternate processes.
    const scenarioId = [...library.scenarios.keys()][0]!
    const route = scenarioRoutes(library.scenarios.get(scenarioId)!.definition).find(r => r.passed)!
    let run = (await viaB.json<RunView>(`/api/scenarios/${scenarioId}/runs`, { method: 'POST' })).body
    for (const [i, step] of route.choices.entries()) {
      const res = await (i % 2 ? viaB : viaA).json<{ run: RunView }>(`/api/scenario-runs/${run.id}/steps`, { method: 'POST', body: step })
      expect(res.status).toBe(200)
      run = res.body.run
    }
    expect(run.transcript).toHaveLength(route.choices.length)
    expect(run.result?.passed).toBe(true)

    // Both processes tell the learner the same story.
    const [mineA, mineB] = await Promise.all([viaA.json('/api/me/learning'), viaB.json('/api/me/learning')])
    expect(mineB.body).toEqual(mineA.body)
  }, 90_000)

  it(`an HR figure changed through one process shows through the other within ${SUMMARY_DELAY_MS / 1000} s`, async () => {
    const hrA = await signIn(a, 'hr@two.test')
    const hrB = on(b, hrA)
    const notStarted = async (server: SignedIn) => (await server.json<OverviewReport>('/api/hr/overview')).body.totals.notStarted
    // A learner who has done nothing yet (opening their page writes their summary)…
    const learner = await signIn(a, 'guessed@two.test')
    expect((await learner.json('/api/me/learning')).status).toBe(200)
    const before = await notStarted(hrB)
    expect(before).toBeGreaterThan(0)
    // …reads a lesson through A.
    const path = assignedPaths(library, { departmentSlug: 'retail-floor', jobRole: 'Sales associate', startDate: new Date() })[0]!
    const [course, slug] = pathItems(library, path).find(i => i.kind === 'lesson')!.id.split('/')
    expect((await learner.json(`/api/courses/${course}/lessons/${slug}/complete`, { method: 'POST' })).status).toBe(200)
    const changedAt = Date.now()
    await waitFor(async () => (await notStarted(hrB)) === before - 1 ? true : undefined, SUMMARY_DELAY_MS + 5000, 'B to show one person fewer not started')
    expect(Date.now() - changedAt).toBeLessThanOrEqual(SUMMARY_DELAY_MS + 5000)
    expect(await notStarted(hrA)).toBe(before - 1)
  }, 30_000)

  it.skipIf(!sharedSignInCounters)('counts sign-in failures sent to alternate processes together', async () => {
    const attempt = (server: TestServer, password: string) => server.fetch('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
      body: JSON.stringify({ email: 'guessed@two.test', password }),
    })
    for (let i = 0; i < 5; i++) expect((await attempt(i % 2 ? b : a, `wrong-guess-${i}`)).status).toBe(401)
    // Five failures in all, though neither process saw more than three.
    expect((await attempt(a, TEST_PASSWORD)).status).toBe(429)
    expect((await attempt(b, TEST_PASSWORD)).status).toBe(429)
  })
})

describe.skipIf(!dataDirLock)('the embedded database', () => {
  it('refuses a second app process on the same data directory, and the first keeps serving', async () => {
    // A project folder of its own, with the FerretDB build of this one.
    const root = mkdtempSync(join(tmpdir(), 'rapport-two-'))
    symlinkSync(resolve('.tools'), join(root, '.tools'))
    const start = async () => {
      const port = await freePort()
      const { MONGODB_URI: _, ...rest } = process.env
      const child = spawn(process.execPath, [resolve('.output/server/index.mjs')], {
        cwd: root,
        env: { ...rest, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', NUXT_SESSION_PASSWORD: 'test-session-password-that-is-at-least-32-characters' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let output = ''
      child.stdout.on('data', (c) => {
        output += c
      })
      child.stderr.on('data', (c) => {
        output += c
      })
      return { child, url: `http://127.0.0.1:${port}`, output: () => output }
    }
    const first = await start()
    try {
      await waitFor(async () => (await fetch(`${first.url}/api/health`)).status === 200 ? true : undefined, 30_000, 'the first process')
      const second = await start()
      const code = await new Promise<number | null>((done) => {
        const timer = setTimeout(() => {
          second.child.kill('SIGKILL')
          done(null)
        }, 30_000)
        second.child.once('exit', (c) => {
          clearTimeout(timer)
          done(c)
        })
      })
      expect(code, second.output()).not.toBe(0)
      expect(code).not.toBeNull()
      expect(second.output()).toMatch(/data|already|another/i)
      expect((await fetch(`${first.url}/api/health`)).status).toBe(200)
    }
    finally {
      first.child.kill('SIGTERM')
      await new Promise(r => first.child.once('exit', r))
      rmSync(root, { recursive: true, force: true })
    }
  }, 90_000)
})
