// Quiz submissions on the embedded database, against the built app (run `npm run build` first):
//   npm run bench:quiz [-- --learners 20 --seconds 60]    closed loop: 20 learners, each starting
//                                                          its next attempt when the last is graded
//   npm run bench:quiz -- --rate 20 [--seconds 30]         open loop: a new attempt every 1/20 s,
//                                                          whether or not earlier ones are done
//   npm run bench:quiz -- --queries                        database operations of one attempt
// An attempt: start (the server draws questions), save the answers, submit (the server grades,
// notes the result in the learner record, rewrites the learner's summary, adds the attempt to
// the trainer's running sums and may issue a certificate). Every (learner, quiz) pair is used
// once, so attempt limits and cooldowns never block one. Options: --build (default .output).
import { parseArgs } from 'node:util'
import mongoose from 'mongoose'
import { loadContent } from '../scripts/content-files.ts'
import { correctAnswer } from '../server/domain/quiz/grading.ts'
import { hashUserPassword } from '../server/utils/password.ts'
import { cpuMeter, insertPeople, machineLine, ms, percentile, signIn, startBenchApp } from './support.ts'

const { values } = parseArgs({
  options: {
    learners: { type: 'string', default: '20' },
    seconds: { type: 'string' },
    rate: { type: 'string' },
    queries: { type: 'boolean', default: false },
    build: { type: 'string', default: '.output' },
  },
})
const RATE = values.rate ? Number(values.rate) : null
const SECONDS = Number(values.seconds ?? (RATE ? 30 : 60))
const CONCURRENCY = Number(values.learners)
const PASSWORD = 'bench-password-1'

const { library } = loadContent()
const quizzes = [...library.quizzes.values()].map(q => q.definition)

const app = await startBenchApp('quiz', {
  build: values.build,
  env: values.queries ? { RAPPORT_DEBUG_QUERIES: '1' } : {},
  pipeOutput: values.queries,
})
const { base } = app

const json = (cookie: string, path: string, method = 'GET', body?: unknown) => fetch(`${base}${path}`, {
  method, headers: { cookie, 'origin': base, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
})

/** One attempt of `quiz` by the learner with `cookie`: times of the submit and of the whole. */
async function attempt(cookie: string, quiz: (typeof quizzes)[number], phase?: (name: string) => void) {
  const t0 = performance.now()
  phase?.('start')
  const started = await json(cookie, `/api/quizzes/${quiz.id}/attempts`, 'POST')
  const view = await started.json() as { id: string, questions: { id: string }[] }
  if (started.status !== 200) throw new Error(`start answered ${started.status}: ${JSON.stringify(view)}`)
  const answers = Object.fromEntries(view.questions.map(q => [q.id, correctAnswer(quiz.questions.find(x => x.id === q.id)!)]))
  phase?.('save')
  await (await json(cookie, `/api/quiz-attempts/${view.id}/answers`, 'PUT', { answers })).arrayBuffer()
  const t1 = performance.now()
  phase?.('submit')
  const res = await json(cookie, `/api/quiz-attempts/${view.id}/submit`, 'POST')
  await res.arrayBuffer()
  phase?.('done')
  const t2 = performance.now()
  return { ok: res.status === 200, submit: t2 - t1, whole: t2 - t0 }
}

try {
  // Accounts, written directly (sign-in is not what we measure): enough for every attempt.
  const accounts = RATE ? Math.ceil((RATE * SECONDS * 1.1) / quizzes.length) + 1 : values.queries ? 1 : CONCURRENCY * 40
  const connection = await mongoose.createConnection(app.databaseUri).asPromise()
  const { insertedId: department } = await connection.collection('departments').insertOne({ slug: 'retail-floor', name: 'Retail Floor' })
  const passwordHash = await hashUserPassword(PASSWORD)
  const people = Array.from({ length: accounts }, (_, i) => ({
    email: `learner${i}@bench.test`, name: `Learner ${i}`, passwordHash, role: 'staff', department, jobRole: 'Sales associate',
    startDate: new Date(), active: true, sessionVersion: 0, createdAt: new Date(), updatedAt: new Date(),
  }))
  await insertPeople(connection, people)
  await connection.close()

  if (values.queries) {
    // The app prints each database operation (RAPPORT_DEBUG_QUERIES); count them per request.
    let phase = 'sign-in'
    const counts = new Map<string, number>()
    const operations = new Map<string, string[]>()
    app.server.stdout?.on('data', (chunk: Buffer) => {
      const lines = String(chunk).split('\n').filter(l => l.includes('Mongoose:'))
      counts.set(phase, (counts.get(phase) ?? 0) + lines.length)
      // "Mongoose: <collection>.<method>(...)": which operation, in order.
      for (const line of lines) operations.set(phase, [...operations.get(phase) ?? [], /Mongoose: (\S+?)\(/.exec(line.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), ''))?.[1] ?? '?'])
    })
    const cookie = await signIn(base, 'learner0@bench.test', PASSWORD)
    for (const [i, quiz] of quizzes.slice(0, 2).entries()) {
      counts.clear()
      operations.clear()
      await attempt(cookie, quiz, (name) => {
        phase = name
      })
      await new Promise(r => setTimeout(r, 300))
      const per = ['start', 'save', 'submit'].map(p => `${p} ${counts.get(p) ?? 0}`).join(', ')
      console.log(`attempt ${i + 1} (${quiz.id}): database operations: ${per}`)
      for (const p of ['start', 'save', 'submit']) console.log(`  ${p}: ${(operations.get(p) ?? []).join(', ')}`)
    }
  }
  else if (RATE) {
    // Open loop: an attempt is due every 1/RATE s; its latency counts from when it was due.
    const cookies: string[] = []
    for (let i = 0; i < accounts; i++) cookies.push(await signIn(base, `learner${i}@bench.test`, PASSWORD))
    const pairs = cookies.flatMap(cookie => quizzes.map(quiz => ({ cookie, quiz })))
    const submitMs: number[] = []
    const wholeMs: number[] = []
    let errors = 0
    const running: Promise<void>[] = []
    const cpu = cpuMeter(app)
    const started = performance.now()
    const total = Math.floor(RATE * SECONDS)
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / RATE
      const wait = due - performance.now()
      if (wait > 0) await new Promise(r => setTimeout(r, wait))
      // Each attempt by its own (learner, quiz) pair, spread so no learner has two at once.
      const { cookie, quiz } = pairs[(i % cookies.length) * quizzes.length + Math.floor(i / cookies.length)]!
      running.push(attempt(cookie, quiz).then((r) => {
        if (!r.ok) errors++
        else {
          submitMs.push(r.submit)
          wholeMs.push(performance.now() - due)
        }
      }, () => {
        errors++
      }))
    }
    await Promise.all(running)
    const elapsed = (performance.now() - started) / 1000
    console.log(machineLine())
    console.log(`open loop: ${total} attempts offered at ${RATE}/s over ${SECONDS} s; ${submitMs.length} graded in ${elapsed.toFixed(1)} s, ${errors} errors`)
    console.log(`submit latency: p50 ${ms(percentile(submitMs, 50))}, p99 ${ms(percentile(submitMs, 99))}, max ${ms(Math.max(...submitMs))}`)
    console.log(`whole attempt from when it was due: p50 ${ms(percentile(wholeMs, 50))}, p99 ${ms(percentile(wholeMs, 99))}`)
    console.log(cpu(submitMs.length || 1, 'graded attempt'))
    if (errors) process.exitCode = 1
  }
  else {
    const rounds = 40
    const submitMs: number[] = []
    const cycleMs: number[] = []
    let errors = 0
    // Each learner's first account signs in before the clock starts; a learner signs in
    // again (a new account) after every quiz of the library, inside the measured time.
    const first = await Promise.all(Array.from({ length: CONCURRENCY }, (_, worker) => signIn(base, `learner${worker * rounds}@bench.test`, PASSWORD)))
    const deadline = Date.now() + SECONDS * 1000
    const cpu = cpuMeter(app)
    const started = performance.now()
    await Promise.all(Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let round = 0; round < rounds && Date.now() < deadline; round++) {
        const cookie = round === 0 ? first[worker]! : await signIn(base, `learner${worker * rounds + round}@bench.test`, PASSWORD)
        for (const quiz of quizzes) {
          if (Date.now() >= deadline) return
          const r = await attempt(cookie, quiz).catch(() => null)
          if (!r?.ok) errors++
          else {
            submitMs.push(r.submit)
            cycleMs.push(r.whole)
          }
        }
      }
    }))
    const elapsed = (performance.now() - started) / 1000
    console.log(machineLine())
    console.log(`${CONCURRENCY} concurrent learners for ${elapsed.toFixed(1)} s: ${submitMs.length} graded submissions, ${errors} errors`)
    console.log(`quiz submissions per second (full attempts: start, save, submit): ${(submitMs.length / elapsed).toFixed(1)}`)
    console.log(`submit latency: p50 ${ms(percentile(submitMs, 50))}, p99 ${ms(percentile(submitMs, 99))}`)
    console.log(`whole attempt latency: p50 ${ms(percentile(cycleMs, 50))}, p99 ${ms(percentile(cycleMs, 99))}`)
    console.log(cpu(submitMs.length || 1, 'graded attempt (sign-ins included)'))
    if (errors) process.exitCode = 1
  }
}
finally {
  await app.stop()
}
