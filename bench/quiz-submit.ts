// Quiz submissions per second and latency at 20 concurrent learners, on the embedded
// database, against the built app (run `npm run build` first):
//   npm run bench:quiz [-- --learners 20 --seconds 60]
// Each learner signs in, then repeatedly takes a quiz: start an attempt (the server
// draws questions), save the answers, submit (the server grades, updates the learner's
// summary and may issue a certificate). Each learner has its own account per round so
// attempt limits and cooldowns never block it.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import mongoose from 'mongoose'
import { loadContent } from '../scripts/content-files.ts'
import { freePort, startEmbeddedDb } from '../server/utils/embedded-db.ts'
import { correctAnswer } from '../server/domain/quiz/grading.ts'
import { hashUserPassword } from '../server/utils/password.ts'

const { values } = parseArgs({ options: { learners: { type: 'string', default: '20' }, seconds: { type: 'string', default: '60' } } })
const CONCURRENCY = Number(values.learners)
const SECONDS = Number(values.seconds)
const PASSWORD = 'bench-password-1'

if (!existsSync('.output/server/index.mjs')) {
  console.error('bench: no build found; run `npm run build` first')
  process.exit(1)
}

const { library } = loadContent()
const quizzes = [...library.quizzes.values()].map(q => q.definition)

const db = await startEmbeddedDb({ dataDir: '.data/bench-ferretdb' })
const databaseUri = db.uri(`bench_quiz_${Date.now()}`)
const port = await freePort()
const server = spawn(process.execPath, ['.output/server/index.mjs'], {
  env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', MONGODB_URI: databaseUri, NUXT_SESSION_PASSWORD: 'bench-session-password-that-is-32-characters-long' },
  stdio: ['ignore', process.env.RAPPORT_DEBUG_QUERIES ? 'inherit' : 'ignore', 'inherit'],
})
const base = `http://127.0.0.1:${port}`

async function cleanUp() {
  server.kill('SIGTERM')
  const connection = await mongoose.createConnection(databaseUri).asPromise()
  await connection.dropDatabase()
  await connection.close()
  await db.stop()
}

try {
  for (let i = 0; ; i++) {
    if ((await fetch(`${base}/api/health`).catch(() => null))?.status === 200) break
    if (i > 300) throw new Error('the app did not become healthy')
    await new Promise(r => setTimeout(r, 100))
  }

  // Accounts: one per learner and round, written directly (sign-in is not what we measure).
  const rounds = 40
  const connection = await mongoose.createConnection(databaseUri).asPromise()
  const { insertedId: department } = await connection.collection('departments').insertOne({ slug: 'retail-floor', name: 'Retail Floor' })
  const passwordHash = await hashUserPassword(PASSWORD)
  const people = Array.from({ length: CONCURRENCY * rounds }, (_, i) => ({
    email: `learner${i}@bench.test`, name: `Learner ${i}`, passwordHash, role: 'staff', department, jobRole: 'Sales associate',
    startDate: new Date(), active: true, sessionVersion: 0, createdAt: new Date(), updatedAt: new Date(),
  }))
  await connection.collection('users').insertMany(people)
  await connection.close()

  const json = (cookie: string, path: string, method = 'GET', body?: unknown) => fetch(`${base}${path}`, {
    method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  })

  const submitMs: number[] = []
  const cycleMs: number[] = []
  let errors = 0
  const deadline = Date.now() + SECONDS * 1000
  const started = performance.now()

  async function learner(worker: number) {
    for (let round = 0; round < rounds && Date.now() < deadline; round++) {
      const email = `learner${worker * rounds + round}@bench.test`
      const signIn = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) })
      const cookie = signIn.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
      for (const quiz of quizzes) {
        if (Date.now() >= deadline) return
        const t0 = performance.now()
        const attempt = await (await json(cookie, `/api/quizzes/${quiz.id}/attempts`, 'POST')).json() as { id: string, questions: { id: string }[] }
        const answers = Object.fromEntries(attempt.questions.map(q => [q.id, correctAnswer(quiz.questions.find(x => x.id === q.id)!)]))
        await (await json(cookie, `/api/quiz-attempts/${attempt.id}/answers`, 'PUT', { answers })).arrayBuffer()
        const t1 = performance.now()
        const res = await json(cookie, `/api/quiz-attempts/${attempt.id}/submit`, 'POST')
        await res.arrayBuffer()
        const t2 = performance.now()
        if (res.status !== 200) errors++
        else {
          submitMs.push(t2 - t1)
          cycleMs.push(t2 - t0)
        }
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => learner(i)))
  const elapsed = (performance.now() - started) / 1000

  const percentile = (list: number[], p: number) => {
    const sorted = [...list].sort((a, b) => a - b)
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  }
  const ms = (n: number) => `${n.toFixed(1)} ms`
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, FerretDB 1.24.2 on SQLite`)
  console.log(`${CONCURRENCY} concurrent learners for ${elapsed.toFixed(1)} s: ${submitMs.length} graded submissions, ${errors} errors`)
  console.log(`quiz submissions per second (full attempts: start, save, submit): ${(submitMs.length / elapsed).toFixed(1)}`)
  console.log(`submit latency: p50 ${ms(percentile(submitMs, 50))}, p99 ${ms(percentile(submitMs, 99))}`)
  console.log(`whole attempt latency: p50 ${ms(percentile(cycleMs, 50))}, p99 ${ms(percentile(cycleMs, 99))}`)
  if (errors) process.exitCode = 1
}
finally {
  await cleanUp()
}
