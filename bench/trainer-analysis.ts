// A trainer's quiz analysis at 10,000 submitted attempts, on the embedded database, against
// the built app (run `npm run build` first):
//   npm run bench:trainer [-- --attempts 10000 --learners 500 --requests 20 --build .output]
// Seeds `--attempts` graded attempts of one quiz spread over `--learners` learners, with
// their learner records, and the running sums the app keeps at each submission, built with
// the same functions its writer uses (server/domain/trainer/quiz-analysis.ts). Then, in a
// freshly started app, times the first analysis request and `--requests` more, and checks
// the analysis against one computed here from the attempts themselves.
import { parseArgs } from 'node:util'
import mongoose from 'mongoose'
import { loadContent } from '../scripts/content-files.ts'
import { drawQuestions, gradeAttempt, sampleAnswer } from '../server/domain/quiz/grading.ts'
import { analyseQuiz, sumAttempts, type AttemptForAnalysis } from '../server/domain/trainer/quiz-analysis.ts'
import { hashUserPassword } from '../server/utils/password.ts'
import type { QuizAnswer } from '../shared/schemas/learning.ts'
import { insertPeople, machineLine, ms, percentile, signIn, startBenchApp } from './support.ts'

const { values } = parseArgs({
  options: {
    attempts: { type: 'string', default: '10000' },
    learners: { type: 'string', default: '500' },
    requests: { type: 'string', default: '20' },
    quiz: { type: 'string', default: 'why-service-matters-quiz' },
    build: { type: 'string', default: '.output' },
  },
})
const ATTEMPTS = Number(values.attempts)
const LEARNERS = Number(values.learners)
const REQUESTS = Number(values.requests)
const PASSWORD = 'bench-password-1'

const { library } = loadContent()
const entry = library.quizzes.get(values.quiz!)
if (!entry) throw new Error(`no quiz ${values.quiz}`)
const quiz = entry.definition

let state = 42
const random = () => {
  state ^= state << 13
  state ^= state >>> 17
  state ^= state << 5
  return (state >>> 0) / 2 ** 32
}

const app = await startBenchApp('trainer', { build: values.build })
try {
  const seeded = performance.now()
  const connection = await mongoose.createConnection(app.databaseUri).asPromise()
  const { insertedId: department } = await connection.collection('departments').insertOne({ slug: 'retail-floor', name: 'Retail Floor' })
  const passwordHash = await hashUserPassword(PASSWORD)
  const person = (i: number, role: string) => ({
    _id: new mongoose.Types.ObjectId(), email: `${role}${i}@bench.test`, name: `${role} ${i}`, passwordHash, role, department, jobRole: 'Sales associate',
    startDate: new Date(), active: true, sessionVersion: 0, createdAt: new Date(), updatedAt: new Date(),
  })
  const learners = Array.from({ length: LEARNERS }, (_, i) => person(i, 'staff'))
  await insertPeople(connection, [...learners, person(0, 'trainer')])

  const forAnalysis: AttemptForAnalysis[] = []
  const records = new Map(learners.map(l => [String(l._id), { _id: l._id, lessons: {}, quizAttempts: {} as Record<string, unknown>, scenarioRuns: {}, certificates: {} }]))
  const start = Date.now() - 90 * 86_400_000
  let batch: object[] = []
  for (let i = 0; i < ATTEMPTS; i++) {
    const learner = learners[i % LEARNERS]!
    const number = Math.floor(i / LEARNERS) + 1
    const skill = 0.3 + 0.6 * ((i % LEARNERS) / LEARNERS)
    const draw = drawQuestions(quiz, random)
    const snapshot = draw.map(d => quiz.questions.find(q => q.id === d.question)!)
    const answers: Record<string, QuizAnswer | null> = {}
    for (const question of snapshot) answers[question.id] = random() < 0.03 ? null : sampleAnswer(question, random() < skill)
    const graded = gradeAttempt({ ...quiz, questions: snapshot }, draw, answers)
    const startedAt = new Date(start + i * 700_000)
    const submittedAt = new Date(startedAt.getTime() + 300_000)
    const _id = new mongoose.Types.ObjectId()
    batch.push({ _id, user: learner._id, quiz: quiz.id, version: entry.version, number, status: 'submitted', draw, snapshot, answers, startedAt, submittedAt, score: graded.score, correct: graded.correct, total: graded.total, passed: graded.passed, results: graded.results, coaching: [] })
    records.get(String(learner._id))!.quizAttempts[String(_id)] = { quiz: quiz.id, number, status: 'submitted', startedAt, submittedAt, passed: graded.passed, score: graded.score }
    forAnalysis.push({ user: String(learner._id), version: entry.version, score: graded.score, passed: graded.passed, submittedAt, answers, results: graded.results, snapshot })
    if (batch.length === 1000) {
      await connection.collection('quizattempts').insertMany(batch)
      batch = []
    }
  }
  if (batch.length) await connection.collection('quizattempts').insertMany(batch)
  await connection.collection('learnerrecords').insertMany([...records.values()])
  // The sums the writer would have built one submission at a time, and its learner markers.
  for (const version of sumAttempts(forAnalysis, entry)) {
    await connection.collection<{ _id: string } & Record<string, unknown>>('quizsums').insertOne({ _id: `${quiz.id}:${version.version}`, quiz: quiz.id, ...version })
  }
  const markers = [...new Set(forAnalysis.flatMap(a => [`${quiz.id}|${a.user}`, `${quiz.id}|${a.version}|${a.user}`]))]
  await connection.collection<{ _id: string }>('quizlearners').insertMany(markers.map(_id => ({ _id })))
  await connection.collection<{ _id: string } & Record<string, unknown>>('quizsums').insertOne({ _id: '~built-from-attempts', at: new Date() })
  await connection.close()
  const seedSeconds = (performance.now() - seeded) / 1000

  const cookie = await signIn(app.base, 'trainer0@bench.test', PASSWORD)
  const url = `${app.base}/api/trainer/quizzes/${quiz.id}`
  const times: number[] = []
  let analysis: { attempts: number, learners: number, passRate: number | null, versions: { questions: { id: string, difficulty: number | null, discrimination: number | null }[] }[] } | undefined
  for (let i = 0; i <= REQUESTS; i++) {
    const t0 = performance.now()
    const res = await fetch(url, { headers: { cookie } })
    const body = await res.json()
    times.push(performance.now() - t0)
    if (res.status !== 200) throw new Error(`analysis answered ${res.status}: ${JSON.stringify(body)}`)
    analysis ??= body
  }
  const expected = analyseQuiz(entry, forAnalysis)
  const same = analysis!.attempts === expected.attempts && analysis!.learners === expected.learners
    && analysis!.versions[0]!.questions.every((q, i) => {
      const e = expected.versions[0]!.questions[i]!
      return q.id === e.id && Math.abs((q.difficulty ?? 0) - (e.difficulty ?? 0)) < 1e-9 && Math.abs((q.discrimination ?? 0) - (e.discrimination ?? 0)) < 1e-9
    })

  console.log(machineLine())
  console.log(`quiz ${quiz.id}: ${ATTEMPTS} submitted attempts by ${LEARNERS} learners, seeded in ${seedSeconds.toFixed(1)} s; the analysis ${same ? 'matches' : 'DOES NOT match'} one computed from the attempts (${analysis!.attempts} attempts, ${analysis!.learners} learners)`)
  console.log(`app ready (/api/health 200) ${ms(app.ready.ms)} after its start, having used ${app.ready.cpuMs === null ? 'n/a' : ms(app.ready.cpuMs)} of CPU`)
  console.log(`first analysis request after the start: ${ms(times[0]!)}; the next ${REQUESTS}: p50 ${ms(percentile(times.slice(1), 50))}, max ${ms(Math.max(...times.slice(1)))}`)
  if (!same) process.exitCode = 1
}
finally {
  await app.stop()
}
