// A signed-in lesson page under load, on the embedded database, against the built app
// (run `npm run build` first):
//   npm run bench:lesson [-- --connections 20 --seconds 15 --lesson course/slug --build .output]
//   npm run bench:lesson -- --queries     database operations of a sign-in and of each request
// Measures, for `--seconds` each: a static file of the same server (the app's own JS entry,
// the ceiling for anything the app serves), the lesson page (HTML, as a browser asks for it),
// the lesson's JSON route and the learner's part of it, at `--connections` connections and
// at one; and prints the lesson page's rate as a share of the static file's, and the CPU time
// the app, the database and the load generator spent per request in each measure.
import { parseArgs } from 'node:util'
import mongoose from 'mongoose'
import { loadContent } from '../scripts/content-files.ts'
import { hashUserPassword } from '../server/utils/password.ts'
import { closedLoop, cpuMeter, describeLoad, insertPeople, machineLine, percentile, signIn, startBenchApp, type LoadResult } from './support.ts'

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '15' },
    lesson: { type: 'string' },
    build: { type: 'string', default: '.output' },
    queries: { type: 'boolean', default: false },
  },
})
const CONNECTIONS = Number(values.connections)
const SECONDS = Number(values.seconds)
const PASSWORD = 'bench-password-1'

const { library } = loadContent()
const lesson = values.lesson
  ? library.lessons.find(l => `${l.course}/${l.slug}` === values.lesson)
  : library.lessons.find(l => l.course === 'service-principles') ?? library.lessons[0]
if (!lesson) throw new Error(`no lesson ${values.lesson}`)

const app = await startBenchApp('lesson', {
  build: values.build,
  env: values.queries ? { RAPPORT_DEBUG_QUERIES: '1' } : {},
  pipeOutput: values.queries,
})
// --queries: the app prints each database operation (RAPPORT_DEBUG_QUERIES); note them by phase.
const operations = new Map<string, string[]>()
let phase = 'set-up'
app.server.stdout?.on('data', (chunk: Buffer) => {
  const plain = String(chunk).replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '')
  for (const line of plain.split('\n').filter(l => l.includes('Mongoose:'))) {
    operations.set(phase, [...operations.get(phase) ?? [], /Mongoose: (\S+?)\(/.exec(line)?.[1] ?? '?'])
  }
})
let lastOperationAt = 0
app.server.stdout?.on('data', () => {
  lastOperationAt = performance.now()
})
const settle = () => new Promise(r => setTimeout(r, 300))
/** Until the app has made no database operation for a second (its start-up dates the content). */
async function quiet() {
  while (performance.now() - lastOperationAt < 1000) await settle()
}
try {
  const connection = await mongoose.createConnection(app.databaseUri).asPromise()
  const { insertedId: department } = await connection.collection('departments').insertOne({ slug: 'retail-floor', name: 'Retail Floor' })
  await insertPeople(connection, [{
    email: 'reader@bench.test', name: 'Lesson Reader', passwordHash: await hashUserPassword(PASSWORD), role: 'staff', department, jobRole: 'Sales associate',
    startDate: new Date(), active: true, sessionVersion: 0, createdAt: new Date(), updatedAt: new Date(),
  }])
  await connection.close()
  if (values.queries) await quiet()
  phase = 'sign-in'
  const cookie = await signIn(app.base, 'reader@bench.test', PASSWORD)
  await settle()
  phase = 'first page'

  const pagePath = `/courses/${lesson.course}/${lesson.slug}`
  // What a browser sends for a page: its cookie, and the encodings it takes.
  const browser = { 'cookie': cookie, 'accept': 'text/html', 'accept-encoding': 'br, gzip' }
  const first = await fetch(`${app.base}${pagePath}`, { headers: { cookie, accept: 'text/html' } })
  const html = await first.text()
  if (first.status !== 200 || !html.includes(lesson.title.replace(/&/g, '&amp;').replace(/'/g, '&#39;').slice(0, 20))) {
    throw new Error(`the lesson page did not render for a signed-in learner (${first.status})`)
  }
  const signedOut = await fetch(`${app.base}${pagePath}`, { headers: { accept: 'text/html' }, redirect: 'manual' })
  const guarded = signedOut.status >= 300 && signedOut.status < 400 ? `redirect to ${signedOut.headers.get('location')}` : `${signedOut.status}, ${(await signedOut.text()).includes(lesson.title.slice(0, 20)) ? 'WITH' : 'without'} the lesson text`
  const entry = html.match(/<script[^>]+src="(\/_nuxt\/[^"]+\.js)"/)?.[1]
  if (!entry) throw new Error('no script entry in the lesson page')

  // Warm-up: the first requests build whatever the server caches.
  await closedLoop(app.base, pagePath, { connections: 2, seconds: 1, headers: browser })

  if (values.queries) {
    const print = (name: string) => {
      const list = operations.get(name) ?? []
      console.log(`${name}: ${list.length} database operation${list.length === 1 ? '' : 's'}${list.length ? `: ${list.join(', ')}` : ''}`)
    }
    print('sign-in')
    const jsonPath = `/api${pagePath.replace(/\/([^/]+)$/, '/lessons/$1')}`
    const requests: [string, string, Record<string, string>][] = [
      ['lesson page', pagePath, browser],
      ['lesson page, again', pagePath, browser],
      ['lesson JSON', jsonPath, { cookie }],
      ['GET /api/me', '/api/me', { cookie }],
    ]
    await settle()
    for (const [name, path, headers] of requests) {
      phase = name
      await (await fetch(`${app.base}${path}`, { headers })).arrayBuffer()
      await settle()
      print(name)
    }
  }
  else {
    console.log(machineLine())
    console.log(`lesson ${lesson.course}/${lesson.slug} ("${lesson.title}"); signed out the page answers: ${guarded}`)
    const run = async (label: string, path: string, connections: number, headers: Record<string, string>) => {
      const meter = cpuMeter(app)
      const result = await closedLoop(app.base, path, { connections, seconds: SECONDS, headers })
      const cpu = meter(result.requests + result.errors, 'request')
      const encoding = result.headers['content-encoding'] ?? 'none'
      console.log(`${describeLoad(`${label} (${connections} conn.)`, result)}, content-encoding ${encoding}`)
      if (cpu) console.log(`  ${cpu}`)
      if (result.errors) console.log(`  statuses: ${[...result.statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`)
      return result
    }
    const staticFile: LoadResult = await run(`static file ${entry}`, entry, CONNECTIONS, { 'accept-encoding': 'br, gzip' })
    const page = await run(`lesson page ${pagePath}`, pagePath, CONNECTIONS, browser)
    await run('lesson page', pagePath, 1, browser)
    await run(`lesson JSON /api${pagePath.replace('/courses/', '/courses/').replace(/\/([^/]+)$/, '/lessons/$1')}`, `/api${pagePath.replace(/\/([^/]+)$/, '/lessons/$1')}`, CONNECTIONS, { cookie, 'accept-encoding': 'br, gzip' })
    console.log(`lesson page / static file: ${(page.perSecond / staticFile.perSecond * 100).toFixed(1)} % of the static rate (${page.perSecond.toFixed(0)} vs ${staticFile.perSecond.toFixed(0)} req/s); page p95 ${percentile(page.latencies, 95).toFixed(1)} ms`)
    console.log(machineLine())
  }
}
finally {
  await app.stop()
}
