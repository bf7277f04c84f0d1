import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { QuizAnswer } from '../../shared/schemas/learning'
import { createPeople, openDatabase, signIn, type SignedIn, type TestPerson } from '../support/accounts'
import { answersFor, library, type AttemptView } from '../support/learning'
import { freePort } from '../../server/utils/embedded-db'
import { startServer, waitFor, type TestServer } from '../support/server'

// The app without MONGODB_URI: it starts and supervises its own FerretDB. These tests kill
// that FerretDB with SIGKILL, as a crash would, and look at what learners and operators see.

const LEARNERS = 10
const THINK_MS = 150
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

interface Seen { status: number, retryAfter: string | null, at: number }
interface Submitted { learner: string, attempt: string, quiz: string, score: number, answers: Record<string, QuizAnswer>, at: number }

const ferretdbPid = (dataDir: string) => (JSON.parse(readFileSync(join(dataDir, 'ferretdb.pid'), 'utf8')) as { pid: number }).pid

/** Runs the built app until it exits by itself (or 60 s pass); returns its exit code and output. */
async function runApp(env: Record<string, string>) {
  const { MONGODB_URI: _unset, ...inherited } = process.env
  const child = spawn(process.execPath, ['.output/server/index.mjs'], {
    env: { ...inherited, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(await freePort()), NUXT_SESSION_PASSWORD: 'test-session-password-that-is-at-least-32-characters', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  const code = await Promise.race([
    new Promise<number | null>(r => child.once('exit', code => r(code))),
    sleep(60_000).then(() => 'still running' as const),
  ])
  child.kill('SIGKILL')
  return { code, output }
}

function alive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  }
  catch {
    return false
  }
}

describe('the embedded FerretDB under supervision', () => {
  let dataDir: string
  let server: TestServer
  let people: TestPerson[]

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rapport-supervision-'))
    server = await startServer({ embeddedDataDir: dataDir })
    people = await createPeople(server.databaseUri, Array.from({ length: LEARNERS }, (_, i) => ({ email: `learner${i}@crash.test`, role: 'staff' as const })))
  })

  afterAll(async () => {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('restarts FerretDB killed while ten learners submit quizzes: health is 200 again within 10 s, no 2xx-answered write is lost, outage answers are 503 with Retry-After', { timeout: 180_000 }, async () => {
    const learners: SignedIn[] = []
    for (const person of people) learners.push(await signIn(server, person.email))
    const quizzes = [...library.quizzes.keys()].sort()
    const seen: Seen[] = []
    const submitted: Submitted[] = []
    const deadline = Date.now() + 150_000

    // A client that honours Retry-After (capped, so the test keeps moving) and retries.
    async function request<T>(learner: SignedIn, path: string, method: string, body?: unknown) {
      for (;;) {
        let status = 0
        let retryAfter: string | null = null
        let parsed: T | undefined
        try {
          const res = await learner.fetch(path, {
            method,
            headers: { 'content-type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
          })
          status = res.status
          retryAfter = res.headers.get('retry-after')
          const text = await res.text()
          parsed = text ? JSON.parse(text) as T : undefined
        }
        catch {
          // a refused or reset connection: status 0, counted below
        }
        seen.push({ status, retryAfter, at: Date.now() })
        if (status !== 503 || Date.now() > deadline) return { status, body: parsed as T }
        await sleep(Math.min(Number(retryAfter) * 1000, 500))
      }
    }

    // Each learner opens an attempt at every quiz first (each learner in a different order, so
    // the load spreads over documents), then saves answers and submits them one quiz after
    // another while FerretDB is killed.
    // TODO(events): start the attempts under the outage too, once a start that answered 503
    // heals on retry (today its retry can answer 409 "Another tab is starting this quiz").
    const opened = await Promise.all(learners.map(async (learner, index) => {
      const attempts: { quiz: string, view: AttemptView }[] = []
      for (let k = 0; k < quizzes.length; k++) {
        const quiz = quizzes[(index + k) % quizzes.length]!
        const started = await request<AttemptView>(learner, `/api/quizzes/${quiz}/attempts`, 'POST')
        expect(started.status, `start ${quiz}: ${JSON.stringify(started.body)}`).toBe(200)
        attempts.push({ quiz, view: started.body })
      }
      return attempts
    }))
    seen.length = 0

    let recoveredAt = 0
    async function learn(learner: SignedIn, index: number) {
      for (const { quiz, view } of opened[index]!) {
        await sleep(THINK_MS)
        const answers = answersFor(quiz, view)
        const saved = await request(learner, `/api/quiz-attempts/${view.id}/answers`, 'PUT', { answers })
        expect(saved.status, `answers ${quiz}: ${JSON.stringify(saved.body)}`).toBe(200)
        await sleep(THINK_MS)
        const graded = await request<AttemptView>(learner, `/api/quiz-attempts/${view.id}/submit`, 'POST')
        expect(graded.status, `submit ${quiz}: ${JSON.stringify(graded.body)}`).toBe(200)
        submitted.push({ learner: people[index]!.id, attempt: view.id, quiz, score: graded.body.result!.score, answers, at: Date.now() })
      }
    }

    const work = Promise.all(learners.map((learner, i) => learn(learner, i)))
    // Kill once the load is under way.
    await waitFor(async () => (submitted.length >= LEARNERS ? true : undefined), 60_000, 'the first submissions')
    const victim = ferretdbPid(dataDir)
    process.kill(victim, 'SIGKILL')
    const killedAt = Date.now()
    await waitFor(async () => (alive(victim) ? undefined : true), 5000, 'FerretDB to die')
    await waitFor(async () => ((await server.fetch('/api/health')).status === 200 ? true : undefined), 10_000, 'health to be 200 again')
    recoveredAt = Date.now()
    const recoveredMs = recoveredAt - killedAt
    await work
    console.info(`[supervision] health 200 again ${recoveredMs} ms after kill -9; ${seen.length} requests, `
      + `${seen.filter(s => s.status === 503).length} answered 503; ${submitted.length} submissions`)

    expect(recoveredMs).toBeLessThan(10_000)
    // The same app process all along, which logged the crash and the restart.
    expect(server.child.exitCode).toBeNull()
    expect(server.child.signalCode).toBeNull()
    expect(server.output().match(/embedded FerretDB on 127/g)).toHaveLength(1)
    expect(server.output()).toMatch(new RegExp(`embedded FerretDB \\(pid ${victim}\\) exited unexpectedly \\(SIGKILL\\); restarting it in \\d+ ms \\(attempt 1\\)`))
    expect(server.output()).toMatch(/embedded FerretDB is back \(pid \d+, 127\.0\.0\.1:\d+\)/)
    expect(ferretdbPid(dataDir)).not.toBe(victim)

    // Every answer was 2xx or 503 with Retry-After, never a 500 or a dropped connection.
    // (How many 503s depends on timing: a request that waits for the driver to find the new
    // FerretDB is simply served. The crash-loop test below sees them every time.)
    expect(seen.filter(s => s.status !== 200 && s.status !== 503)).toEqual([])
    for (const s of seen.filter(s => s.status === 503)) expect(Number(s.retryAfter)).toBeGreaterThanOrEqual(1)

    // Every learner submitted every quiz, some after the restart, and each graded submission
    // is in the database as it was answered, in the attempt and in the learner's record.
    expect(submitted).toHaveLength(LEARNERS * quizzes.length)
    expect(submitted.filter(s => s.at > recoveredAt).length).toBeGreaterThan(0)
    const db = await openDatabase(server.databaseUri)
    try {
      for (const s of submitted) {
        const attempt = await db.collection('quizattempts').findOne({ _id: new Types.ObjectId(s.attempt) })
        expect(attempt, s.attempt).toMatchObject({ status: 'submitted', score: s.score, answers: s.answers })
        const record = await db.collection('learnerrecords').findOne({ _id: new Types.ObjectId(s.learner) })
        expect(record?.quizAttempts?.[s.attempt], s.attempt).toMatchObject({ quiz: s.quiz, status: 'submitted', score: s.score })
      }
    }
    finally {
      await db.close()
    }
  })

  it('refuses a second app process on the same data directory, naming the one that holds it', { timeout: 90_000 }, async () => {
    const victim = ferretdbPid(dataDir)
    const second = await runApp({ RAPPORT_FERRETDB_DIR: dataDir })
    expect(second.code).toBe(1)
    expect(second.output).toContain(`another Rapport process (process ${server.child.pid}, since `)
    expect(second.output).toContain(`is already using the embedded database in ${dataDir}`)
    // The first one and its FerretDB carry on untouched.
    expect(ferretdbPid(dataDir)).toBe(victim)
    expect(alive(victim)).toBe(true)
    expect((await server.fetch('/api/health')).status).toBe(200)
  })

  it('shuts down within a few seconds on SIGTERM while FerretDB keeps crashing, and leaves no FerretDB behind', { timeout: 60_000 }, async () => {
    // Kill every FerretDB the app starts, as a database that crashes at once would.
    const killed: number[] = []
    let crashing = true
    const crashLoop = (async () => {
      while (crashing) {
        let pid: number | undefined
        try {
          pid = ferretdbPid(dataDir)
        }
        catch {
          // not there, or being written
        }
        if (pid && !killed.includes(pid) && alive(pid)) {
          process.kill(pid, 'SIGKILL')
          killed.push(pid)
        }
        await sleep(10)
      }
    })()
    // The back-off grows: the third attempt in a row waits a second.
    await waitFor(async () => (/restarting it in 1000 ms \(attempt 3\)/.test(server.output()) ? true : undefined), 10_000, 'the third restart attempt')

    // Meanwhile requests are answered at once: 503 with Retry-After.
    const learner = await server.fetch('/api/me')
    expect(learner.status).toBe(503)
    expect(Number(learner.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    const health = await server.fetch('/api/health')
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({ database: 'down' })

    const exited = new Promise<number | null>(r => server.child.once('exit', code => r(code)))
    const signalledAt = Date.now()
    server.child.kill('SIGTERM')
    const code = await Promise.race([exited, sleep(15_000).then(() => 'still running' as const)])
    const shutdownMs = Date.now() - signalledAt
    crashing = false
    await crashLoop
    console.info(`[supervision] exit ${code} ${shutdownMs} ms after SIGTERM during the outage (${killed.length} crashes)`)
    expect(code).toBe(0)
    expect(shutdownMs).toBeLessThan(6000)
    for (const pid of killed) expect(alive(pid)).toBe(false)
    // The pid file goes with the FerretDB it named, so nothing was started after the last kill.
    expect(existsSync(join(dataDir, 'ferretdb.pid'))).toBe(false)
  })

  it('lets the next app process use the data directory once the first has gone, with the data kept', { timeout: 90_000 }, async () => {
    server = await startServer({ embeddedDataDir: dataDir })
    const db = await openDatabase(server.databaseUri)
    try {
      expect(await db.collection('users').countDocuments({ email: /@crash\.test$/ })).toBe(LEARNERS)
    }
    finally {
      await db.close()
    }
  })
})
