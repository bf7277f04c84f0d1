// HR dashboards at the scale of a large organisation, on the embedded database, against
// the built app (run `npm run build` first):
//   npm run bench:hr [-- --staff 10000 --departments 100 --users 10 --seconds 20]
// Seeds an organisation in bulk (raw learning records, learner records, certificates and
// the learner summaries computed with the same progress rules refreshLearner uses), checks
// a sample of those summaries against refreshLearner itself, then measures the overview
// and the department page over HTTP with concurrent HR users: p50/p95 latency, requests/s.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import mongoose from 'mongoose'
import { loadContent } from '../scripts/content-files.ts'
import { freePort, startEmbeddedDb } from '../server/utils/embedded-db.ts'
import { stopApp } from './support.ts'
import { hashUserPassword } from '../server/utils/password.ts'
import { learnerSummary, recordsOf } from '../server/domain/learning/summary-rules.ts'
import { addMonths, assignedPaths, pathItems, pathProgress, type PathProgress } from '../server/domain/learning/path-progress.ts'

const { values } = parseArgs({
  options: {
    staff: { type: 'string', default: '10000' },
    departments: { type: 'string', default: '100' },
    users: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
    seed: { type: 'string', default: '42' },
    // Another built app (A/B runs of two builds).
    build: { type: 'string', default: '.output' },
  },
})
const STAFF = Number(values.staff)
const DEPARTMENTS = Number(values.departments)
const HR_USERS = Number(values.users)
const SECONDS = Number(values.seconds)
const PASSWORD = 'bench-password-1'
const DAY = 86_400_000

const ENTRY = resolve(values.build!, 'server/index.mjs')
if (!existsSync(ENTRY)) {
  console.error('bench: no build found; run `npm run build` first')
  process.exit(1)
}

const { library } = loadContent()

// A small seeded generator, so two runs seed the same organisation.
let state = Number(values.seed) >>> 0 || 1
const random = () => {
  state ^= state << 13
  state ^= state >>> 17
  state ^= state << 5
  return (state >>> 0) / 2 ** 32
}
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
const between = (from: number, to: number) => new Date(from + random() * Math.max(0, to - from))
const code = () => randomBytes(16).toString('base64url').replace(/[^A-Z2-7]/gi, '').toUpperCase().padEnd(26, 'A').slice(0, 26)
const oid = () => new mongoose.Types.ObjectId()

const FIRST = ['Ada', 'Ben', 'Cara', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jin', 'Kai', 'Lea', 'Mo', 'Nia', 'Oli', 'Pia', 'Raj', 'Sol', 'Tia', 'Uma', 'Vic', 'Wen', 'Xan', 'Yara', 'Zed']
const LAST = ['Archer', 'Baker', 'Carter', 'Dunn', 'Evans', 'Ford', 'Gray', 'Hale', 'Iqbal', 'Jones', 'Khan', 'Lopez', 'Moss', 'Nash', 'Okafor', 'Park', 'Quinn', 'Reyes', 'Shah', 'Tanaka', 'Ueda', 'Varga', 'Walsh', 'Young', 'Zhou']
const ROLES_BY_DEPARTMENT: Record<string, string[]> = {
  'contact-centre': ['Contact-centre agent', 'Contact-centre agent', 'Contact-centre agent', 'Team leader'],
  'after-sales': ['Service technician', 'Repair coordinator'],
}
const STORE_ROLES = ['Sales associate', 'Sales associate', 'Cashier', 'Floor supervisor', 'Stock assistant']

const now = new Date()

interface Facts {
  lessons: Record<string, Date>
  quizAttempts: Record<string, { quiz: string, number: number, status: 'submitted' | 'in-progress', startedAt: Date, submittedAt?: Date, passed?: boolean, score?: number }>
  scenarioRuns: Record<string, { scenario: string, number: number, status: 'completed', version: string, startedAt: Date, completedAt: Date, passed: boolean }>
  certificates: Record<string, { path: string, cycle: number, issuedAt: Date, expiresAt: Date }>
}

// ---------------------------------------------------------------------------------------
// The organisation

const db = await startEmbeddedDb({ dataDir: '.data/bench-ferretdb' })
const databaseUri = db.uri(`bench_hr_${Date.now()}`)
let server: ReturnType<typeof spawn> | undefined

async function cleanUp() {
  if (server) await stopApp(server)
  const connection = await mongoose.createConnection(databaseUri).asPromise()
  await connection.dropDatabase()
  await connection.close()
  await db.stop()
}

try {
  const seedStarted = performance.now()
  const connection = await mongoose.createConnection(databaseUri).asPromise()
  const slugs = ['contact-centre', 'after-sales', ...Array.from({ length: DEPARTMENTS - 2 }, (_, i) => `store-${String(i + 1).padStart(3, '0')}`)]
  const departments = slugs.map(slug => ({ _id: oid(), slug, name: slug.startsWith('store-') ? `Store ${slug.slice(6)}` : slug.replace(/-/g, ' ').replace(/\b\w/g, c => c.toUpperCase()), createdAt: now, updatedAt: now }))
  await connection.collection('departments').insertMany(departments)
  const passwordHash = await hashUserPassword(PASSWORD)

  const batches = { users: [] as object[], user_emails: [] as object[], lessoncompletions: [] as object[], quizattempts: [] as object[], scenarioruns: [] as object[], certificates: [] as object[], learnerrecords: [] as object[], learnersummaries: [] as object[] }
  const counts: Record<string, number> = {}
  async function flush(force = false) {
    for (const [name, rows] of Object.entries(batches)) {
      if (rows.length && (force || rows.length >= 5000)) {
        await connection.collection(name).insertMany(rows.splice(0), { ordered: false })
      }
    }
  }
  const add = (name: keyof typeof batches, row: object) => {
    batches[name].push(row)
    counts[name] = (counts[name] ?? 0) + 1
  }

  for (let i = 0; i < STAFF + HR_USERS; i++) {
    const hr = i >= STAFF
    const department = hr ? departments[2]! : departments[i < 600 ? 0 : i < 900 ? 1 : 2 + Math.floor(random() * (DEPARTMENTS - 2))]!
    const jobRole = hr ? 'HR adviser' : pick(ROLES_BY_DEPARTMENT[department.slug] ?? STORE_ROLES)
    // Tenure: most people started in the last year, some long ago, a few this month.
    const tenureDays = random() < 0.6 ? random() * 365 : 365 + random() * 1100
    const startDate = new Date(now.getTime() - Math.floor(tenureDays) * DAY)
    // A few people have left: deactivated, they stay out of every figure.
    const active = hr || random() > 0.03
    const user = {
      _id: oid(), email: hr ? `hr${i - STAFF}@bench.test` : `person${i}@bench.test`, name: `${pick(FIRST)} ${pick(LAST)} ${i}`,
      passwordHash, role: hr ? 'hr' : 'staff', department: department._id, jobRole, startDate, active, sessionVersion: 0, createdAt: now, updatedAt: now,
    }
    add('users', user)
    // Sign-in finds people through this _id-keyed look-up (the app builds it at start only).
    add('user_emails', { _id: user.email, user: user._id })
    const facts: Facts = { lessons: {}, quizAttempts: {}, scenarioRuns: {}, certificates: {} }
    const profile = { departmentSlug: department.slug, jobRole, startDate }
    const paths = assignedPaths(library, profile)
    const engagement = random() < 0.08 ? 0 : random() // 8% never start
    const numbers = new Map<string, number>()

    const doItem = (item: { kind: string, id: string }, at: Date) => {
      if (item.kind === 'lesson') {
        if (facts.lessons[item.id]) return
        facts.lessons[item.id] = at
        const [course, lesson] = item.id.split('/')
        add('lessoncompletions', { user: user._id, course, lesson, completedAt: at })
        return
      }
      // Quizzes and role-plays: a failed try or two before the pass, now and then.
      const failures = random() < 0.35 ? 1 + Math.floor(random() * 2) : 0
      for (let f = 0; f <= failures; f++) {
        const passed = f === failures
        const number = (numbers.get(item.id) ?? 0) + 1
        numbers.set(item.id, number)
        const startedAt = new Date(at.getTime() - (failures - f + 1) * 3_600_000)
        const endedAt = new Date(startedAt.getTime() + 600_000)
        const _id = oid()
        if (item.kind === 'quiz') {
          const score = passed ? 80 + Math.floor(random() * 21) : 30 + Math.floor(random() * 40)
          facts.quizAttempts[String(_id)] = { quiz: item.id, number, status: 'submitted', startedAt, submittedAt: endedAt, passed, score }
          add('quizattempts', {
            _id, user: user._id, quiz: item.id, version: 'bench', number, status: 'submitted', draw: [], snapshot: [], answers: {},
            startedAt, submittedAt: endedAt, score, correct: Math.round(score / 10), total: 10, passed, results: [], coaching: [],
          })
        }
        else {
          facts.scenarioRuns[String(_id)] = { scenario: item.id, number, status: 'completed', version: 'bench', startedAt, completedAt: endedAt, passed }
          add('scenarioruns', {
            _id, user: user._id, scenario: item.id, version: 'bench', number, status: 'completed', node: 'end', nodeShownAt: endedAt,
            steps: [], scores: { empathy: passed ? 3 : 1, communication: passed ? 3 : 0 }, startedAt, completedAt: endedAt, passed, result: passed ? 'passed' : 'not passed', coaching: [],
          })
        }
      }
    }

    if (!hr && engagement > 0) {
      for (const path of paths) {
        const items = pathItems(library, path)
        const dueMs = path.dueDays * DAY
        const tenure = now.getTime() - startDate.getTime()
        // Most people past their due date finished; newer people are part of the way.
        const share = tenure > dueMs
          ? (engagement > 0.3 ? 1 : engagement * 2.5)
          : Math.min(1, (tenure / dueMs) * (0.4 + engagement * 1.2))
        const count = share >= 1 ? items.length : Math.floor(share * items.length)
        const end = startDate.getTime() + Math.min(tenure, dueMs * (0.4 + engagement))
        const times = Array.from({ length: count }, () => between(startDate.getTime(), end).getTime()).sort((a, b) => a - b)
        items.slice(0, count).forEach((item, k) => doItem(item, new Date(times[k]!)))
      }
    }
    // Whatever the events completed earns its certificate at the last of them, as the
    // refresh after that event would have; an expired one starts a new cycle, which
    // about half of the people work through again.
    let progress: PathProgress[] = []
    for (let round = 0; round < 6; round++) {
      progress = paths.map(p => pathProgress(library, p, profile, recordsOf(facts), now))
      const due = progress.filter(p => p.complete && !p.certificate)
      if (!due.length) {
        const lapsed = progress.filter(p => !p.certificate && p.history.length && p.history.at(-1)!.expiresAt < now)
        const redo = lapsed.filter(() => engagement > 0.5)
        if (!redo.length || round > 3) break
        for (const p of redo) {
          const from = p.history.at(-1)!.expiresAt.getTime() - 20 * DAY
          for (const item of p.items.filter(i => !i.done)) doItem(item, between(from, Math.min(now.getTime(), from + 50 * DAY)))
        }
        continue
      }
      for (const p of due) {
        const records = recordsOf(facts)
        const passes = p.items.map(i => i.kind === 'lesson' ? facts.lessons[i.id]!.getTime() : Math.max(...(i.kind === 'quiz' ? records.quizPasses : records.scenarioPasses).get(i.id)!.map(d => d.getTime())))
        const issuedAt = new Date(Math.max(...passes))
        const c = code()
        const expiresAt = addMonths(issuedAt, p.path.certificate.validityMonths)
        facts.certificates[c] = { path: p.path.id, cycle: p.cycle, issuedAt, expiresAt }
        add('certificates', { _id: c, code: c, user: user._id, holderName: user.name, path: p.path.id, pathTitle: p.path.title, name: p.path.certificate.name, cycle: p.cycle, issuedAt, expiresAt })
      }
    }
    add('learnerrecords', { _id: user._id, ...facts })
    add('learnersummaries', { _id: user._id, ...learnerSummary(user, progress, recordsOf(facts), now) })
    if (i % 1000 === 999) await flush()
  }
  await flush(true)
  await connection.close()
  const events = (counts.lessoncompletions ?? 0) + (counts.quizattempts ?? 0) + (counts.scenarioruns ?? 0)
  const seedSeconds = (performance.now() - seedStarted) / 1000
  console.log(`seeded ${STAFF} staff (+${HR_USERS} HR) in ${DEPARTMENTS} departments in ${seedSeconds.toFixed(0)} s: ${events} learning events (${counts.lessoncompletions} lessons read, ${counts.quizattempts} quiz attempts, ${counts.scenarioruns} role-play runs), ${counts.certificates} certificates`)

  // -------------------------------------------------------------------------------------
  // The app

  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const startApp = async () => {
    server = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), ENTRY], {
      env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', MONGODB_URI: databaseUri, NUXT_SESSION_PASSWORD: 'bench-session-password-that-is-32-characters-long' },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    for (let i = 0; ; i++) {
      if ((await fetch(`${base}/api/health`).catch(() => null))?.status === 200) break
      if (i > 600) throw new Error('the app did not become healthy')
      await new Promise(r => setTimeout(r, 100))
    }
  }
  await startApp()
  const signIn = async (email: string) => {
    const res = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) })
    if (res.status !== 200) throw new Error(`sign-in as ${email}: ${res.status}`)
    return res.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
  }
  const cookies = await Promise.all(Array.from({ length: HR_USERS }, (_, i) => signIn(`hr${i}@bench.test`)))
  const get = (cookie: string, path: string) => fetch(`${base}${path}`, { headers: { cookie } })

  // The first dashboard request of a process waits for the HR copy of the summaries
  // (server/domain/learning/summary-cache.ts): here, right after a bulk load that bypassed
  // the app, read one by one, since no app process has sealed a snapshot yet.
  const firstOverview = async (label: string) => {
    const started = performance.now()
    const res = await get(cookies[0]!, '/api/hr/overview')
    await res.arrayBuffer()
    console.log(`${label}: ${(performance.now() - started).toFixed(0)} ms, status ${res.status}, load average ${loadavg()[0]!.toFixed(1)}`)
    if (res.status !== 200) process.exitCode = 1
  }
  await firstOverview(`first overview after the first start (reads all ${STAFF + HR_USERS} summaries)`)

  // The bulk summaries must be what refreshLearner writes: rewrite a sample through it
  // (an HR edit of a person runs refreshLearner) and compare.
  {
    const check = await mongoose.createConnection(databaseUri).asPromise()
    const sample = await check.collection('learnersummaries').aggregate([{ $match: { active: true } }, { $limit: 4000 }]).toArray()
    const staff = sample.filter(s => String(s.email).startsWith('person'))
    const chosen = Array.from({ length: 40 }, () => pick(staff))
    const fields = ['done', 'required', 'progress', 'dueAt', 'completedAt', 'certifiedUntil', 'onboardedAt', 'lessonsCompleted', 'quizzesPassed', 'scenariosPassed'] as const
    let differ = 0
    for (const before of chosen) {
      const res = await fetch(`${base}/api/users/${before._id}`, { method: 'PATCH', headers: { 'cookie': cookies[0]!, 'origin': base, 'content-type': 'application/json' }, body: JSON.stringify({ name: before.name }) })
      if (res.status !== 200) throw new Error(`refreshing ${before._id}: ${res.status} ${await res.text()}`)
      const after = (await check.collection('learnersummaries').findOne({ _id: before._id }))!
      const diff = fields.filter(f => String(before[f] ?? null) !== String(after[f] ?? null))
      if (diff.length || JSON.stringify(before.paths) !== JSON.stringify(after.paths)) {
        differ++
        console.warn(`summary of ${before.email} differs from refreshLearner's in ${diff.join(', ') || 'paths'}`)
      }
    }
    await check.close()
    console.log(`bulk summaries checked against refreshLearner: ${chosen.length - differ} of ${chosen.length} identical`)
    if (differ) process.exitCode = 1
  }

  // -------------------------------------------------------------------------------------
  // Measurement

  const percentile = (list: number[], p: number) => {
    const sorted = [...list].sort((a, b) => a - b)
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  }
  const SORTS = ['name', '-progress', 'dueAt', '-startDate', 'certifiedUntil']
  const STATUSES = ['', '', '', 'overdue', 'on-track', 'complete', 'not-started']

  async function measure(label: string, nextUrl: () => string, users = cookies, seconds = SECONDS) {
    // Warm up: content library, connection pool, JIT.
    for (const cookie of cookies.slice(0, 2)) await (await get(cookie, nextUrl())).arrayBuffer()
    const latencies: number[] = []
    let errors = 0
    let bytes = 0
    const deadline = Date.now() + seconds * 1000
    const started = performance.now()
    await Promise.all(users.map(async (cookie) => {
      while (Date.now() < deadline) {
        const t0 = performance.now()
        const res = await get(cookie, nextUrl())
        const body = await res.arrayBuffer()
        latencies.push(performance.now() - t0)
        bytes += body.byteLength
        if (res.status !== 200) errors++
      }
    }))
    const elapsed = (performance.now() - started) / 1000
    const ms = (n: number) => `${n.toFixed(0)} ms`
    console.log(`${label}: ${latencies.length} requests in ${elapsed.toFixed(1)} s, ${errors} errors, ${(latencies.length / elapsed).toFixed(1)} req/s, p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, max ${ms(Math.max(...latencies))}, ${(bytes / latencies.length / 1024).toFixed(1)} KiB per response`)
    if (errors) process.exitCode = 1
  }

  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, FerretDB 1.24.2 on SQLite (app, database and load generator on the same machine); load average before measuring ${loadavg()[0]!.toFixed(1)}`)
  const departmentUrl = () => {
    const slug = random() < 0.2 ? pick(slugs.slice(0, 2)) : pick(slugs)
    const status = pick(STATUSES)
    return `/api/hr/departments/${slug}?sort=${pick(SORTS)}&page=${1 + Math.floor(random() * 3)}${status ? `&status=${status}` : ''}`
  }
  // The floor every signed-in request pays: session and account check (GET /api/me).
  await measure('baseline GET /api/me, 1 user', () => '/api/me', cookies.slice(0, 1), SECONDS / 3)
  await measure('overview, 1 HR user', () => '/api/hr/overview', cookies.slice(0, 1), SECONDS / 3)
  await measure(`overview, ${HR_USERS} concurrent HR users`, () => '/api/hr/overview')
  await measure('department page, 1 HR user', departmentUrl, cookies.slice(0, 1), SECONDS / 3)
  await measure(`department page, ${HR_USERS} concurrent HR users`, departmentUrl)
  console.log(`load average after measuring: ${loadavg()[0]!.toFixed(1)}`)

  // A restart, as after a deployment: stopped with SIGTERM (the app seals its snapshot of the
  // summaries, server/domain/hr/summary-snapshot.ts), started again, HR signs in, first overview.
  await stopApp(server!)
  {
    const check = await mongoose.createConnection(databaseUri).asPromise()
    const head = await check.collection<{ _id: string, state?: string }>('summarysnapshots').findOne({ _id: 'learner-summaries' })
    await check.close()
    console.log(`snapshot of the summaries after the stop: ${head?.state ?? 'none'}`)
  }
  await startApp()
  // The same ten sign-ins as after the first start, then the first overview.
  cookies.splice(0, cookies.length, ...await Promise.all(Array.from({ length: HR_USERS }, (_, i) => signIn(`hr${i}@bench.test`))))
  await firstOverview('first overview after a restart (SIGTERM, start, sign-in)')
}
finally {
  await cleanUp()
}
