// Lighthouse (the devDependency, 12.2.3; mobile defaults) on a signed-in lesson page of the
// built app, with Debian's chromium (`command -v chromium`, or CHROME_PATH). Run `npm run build` first:
//   npm run bench:lighthouse [-- --lesson course/slug --build .output --runs 3 --out DIR]
//   (--trace keeps each run's performance trace beside its report, Lighthouse's --save-assets)
// The floor, what the cheapest pages cost on the same build and settings:
//   --path /sign-in [--signed-out]   another page of the app (signed in unless --signed-out)
//   --no-scripts                     the lesson page's HTML without its module script and
//                                    modulepreloads, from a small server on 127.0.0.1 that sends
//                                    that document (brotli, the app's headers) and passes every
//                                    other request to the app: the document without the framework
// Prints, for each run, the performance, accessibility and best-practices scores, the main
// metrics as Lighthouse scores them (simulated throttling: a mid-range phone on slow 4G, computed
// from the trace) beside the ones observed in the unthrottled trace, what costs script time, and
// every audit below 1; with several runs, the medians. Each run's JSON report is kept in --out
// (default: a new directory under the system's temporary one).
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { brotliCompressSync } from 'node:zlib'
import mongoose from 'mongoose'
import { loadContent } from '../scripts/content-files.ts'
import { hashUserPassword } from '../server/utils/password.ts'
import { insertPeople, machineLine, signIn, startBenchApp } from './support.ts'

const { values } = parseArgs({ options: { 'lesson': { type: 'string' }, 'build': { type: 'string', default: '.output' }, 'runs': { type: 'string', default: '1' }, 'out': { type: 'string' }, 'trace': { type: 'boolean', default: false }, 'path': { type: 'string' }, 'signed-out': { type: 'boolean', default: false }, 'no-scripts': { type: 'boolean', default: false }, 'lighthouse': { type: 'string', default: resolve('node_modules/.bin/lighthouse') } } })
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index', 'interactive']

const { library } = loadContent()
const lesson = values.lesson ? library.lessons.find(l => `${l.course}/${l.slug}` === values.lesson) : library.lessons.find(l => l.course === 'service-principles') ?? library.lessons[0]
if (!lesson) throw new Error(`no lesson ${values.lesson}`)
const chrome = process.env.CHROME_PATH ?? (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim()
  }
  catch {
    throw new Error('no chromium on PATH (Debian: apt-get install chromium); or set CHROME_PATH')
  }
})()

let proxy: ReturnType<typeof createServer> | undefined
const app = await startBenchApp('lighthouse', { build: values.build })
try {
  const connection = await mongoose.createConnection(app.databaseUri).asPromise()
  const { insertedId: department } = await connection.collection('departments').insertOne({ slug: 'retail-floor', name: 'Retail Floor' })
  await insertPeople(connection, [{
    email: 'reader@bench.test', name: 'Lesson Reader', passwordHash: await hashUserPassword('bench-password-1'), role: 'staff', department, jobRole: 'Sales associate',
    startDate: new Date(), active: true, sessionVersion: 0, createdAt: new Date(), updatedAt: new Date(),
  }])
  await connection.close()
  const cookie = await signIn(app.base, 'reader@bench.test', 'bench-password-1')
  const path = values.path ?? `/courses/${lesson.course}/${lesson.slug}`
  const headers: Record<string, string> = values['signed-out'] ? {} : { Cookie: cookie }
  let url = `${app.base}${path}`
  // The first request of a process renders the shared page and loads the content library.
  const first = await fetch(url, { headers })
  const html = await first.text()
  if (values['no-scripts']) url = `${(await serveWithoutScripts(app.base, path, html, first.headers)).base}${path}`
  const dir = values.out ?? mkdtempSync(join(tmpdir(), 'rapport-lighthouse-'))
  mkdirSync(dir, { recursive: true })
  const runs = Number(values.runs)
  const results: Report[] = []
  for (let n = 1; n <= runs; n++) {
    const out = join(dir, `lighthouse-${n}.json`)
    const before = loadavg()[0]!
    const [command, ...args] = values.lighthouse!.split(' ')
    // Not execFileSync: the --no-scripts server answers from this process while Lighthouse runs.
    // A run whose trace Lighthouse could not read (NO_NAVSTART, now and then on a busy machine) is run again, once.
    const lighthouse = () => runCommand(command!, [...args, url, '--quiet', '--output=json', `--output-path=${out}`, '--only-categories=performance,accessibility,best-practices',
      ...(Object.keys(headers).length ? [`--extra-headers=${JSON.stringify(headers)}`] : []), '--chrome-flags=--headless=new --no-sandbox', ...(values.trace ? ['--save-assets'] : [])], { ...process.env, CHROME_PATH: chrome })
    await lighthouse().catch((error: Error) => {
      console.log(`run ${n} failed (${error.message}); once more`)
      return lighthouse()
    })
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report
    results.push(report)
    if (n === 1) {
      console.log(machineLine())
      console.log(`Lighthouse ${report.lighthouseVersion}, mobile defaults (simulated throttling), ${url}`)
    }
    console.log(`\nrun ${n} of ${runs} (load average ${before.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after), report ${out}`)
    printReport(report, n === 1)
    if (values.trace) console.log(`  ${traceCpu(out.replace(/\.json$/, '-0.trace.json'))}`)
  }
  if (runs > 1) {
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!
    console.log(`\nmedian of ${runs} runs:`)
    for (const id of Object.keys(results[0]!.categories)) console.log(`  ${id}: ${Math.round(median(results.map(r => r.categories[id]!.score)) * 100)} (runs: ${results.map(r => Math.round(r.categories[id]!.score * 100)).join(', ')})`)
    for (const id of METRICS) console.log(`  ${results[0]!.audits[id]!.title}: ${Math.round(median(results.map(r => r.audits[id]!.numericValue ?? 0)))} (runs: ${results.map(r => Math.round(r.audits[id]!.numericValue ?? 0)).join(', ')})`)
  }
}
finally {
  await app.stop()
  proxy?.close()
}

function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<void>((done, fail) => {
    const child = spawn(command, args, { stdio: 'inherit', env })
    child.on('error', fail)
    child.on('exit', code => code === 0 ? done() : fail(new Error(`${command} exited with ${code}`)))
  })
}

/** A server on 127.0.0.1 that sends `html` less its module scripts at `path` and passes the rest to the app. */
async function serveWithoutScripts(appBase: string, path: string, html: string, appHeaders: Headers) {
  const stripped = html
    .replace(/<script\b[^>]*\btype="module"[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<link\b[^>]*\brel="modulepreload"[^>]*>/g, '')
  const left = (stripped.match(/<script\b[^>]*>/g) ?? []).join(' ')
  console.log(`no-scripts: ${Buffer.byteLength(html)} B of HTML, ${Buffer.byteLength(stripped)} B without module scripts and modulepreloads; scripts left: ${left || 'none'}`)
  const body = brotliCompressSync(stripped)
  const kept = Object.fromEntries([...appHeaders].filter(([name]) => !['content-length', 'content-encoding', 'etag', 'transfer-encoding', 'connection', 'keep-alive', 'date'].includes(name)))
  const target = new URL(appBase)
  proxy = createServer((req, res) => {
    if (req.url === path) {
      res.writeHead(200, { ...kept, 'content-encoding': 'br', 'content-length': body.length })
      res.end(body)
      return
    }
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  await new Promise<void>(done => proxy!.listen(0, '127.0.0.1', done))
  return { base: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` }
}

interface Audit { displayValue?: string, score: number | null, title: string, numericValue?: number, scoreDisplayMode?: string, details?: { items?: Record<string, unknown>[] } }
interface Report { lighthouseVersion: string, categories: Record<string, { score: number }>, audits: Record<string, Audit> }

function printReport(report: Report, details: boolean) {
  for (const [id, c] of Object.entries(report.categories)) console.log(`${id}: ${Math.round(c.score * 100)}`)
  const observed = report.audits.metrics?.details?.items?.[0] ?? {}
  const seen: Record<string, string> = { 'first-contentful-paint': 'observedFirstContentfulPaint', 'largest-contentful-paint': 'observedLargestContentfulPaint', 'speed-index': 'observedSpeedIndex', 'cumulative-layout-shift': 'observedCumulativeLayoutShift' }
  for (const id of METRICS) {
    const a = report.audits[id]
    const o = seen[id] ? observed[seen[id]] : undefined
    if (a) console.log(`  ${a.title}: ${a.displayValue ?? ''} (score ${a.score})${typeof o === 'number' ? `; observed unthrottled ${id === 'cumulative-layout-shift' ? o.toFixed(3) : `${Math.round(o)} ms`}` : ''}`)
  }
  for (const id of ['mainthread-work-breakdown', 'bootup-time', 'unused-javascript', 'total-byte-weight', 'render-blocking-resources', 'largest-contentful-paint-element']) {
    const a = report.audits[id]
    if (!a) continue
    console.log(`  ${a.title}: ${a.displayValue ?? ''}`)
    if (!details) continue
    for (const item of (a.details?.items ?? []).slice(0, 6)) console.log(`    ${JSON.stringify(item).slice(0, 300)}`)
  }
  for (const [id, a] of Object.entries(report.audits)) {
    if (a.score !== null && a.score < 1 && !METRICS.includes(id) && id !== 'max-potential-fid' && a.scoreDisplayMode !== 'informative') {
      console.log(`  below 1: ${id} (${a.score}) ${a.displayValue ?? ''}`)
      // What the audit found (inspector-issues names each browser issue and the resource it is about).
      for (const item of (a.details?.items ?? []).slice(0, 10)) console.log(`    ${JSON.stringify(item).slice(0, 600)}`)
    }
  }
}

/**
 * The page's main-thread CPU time from a saved trace (each top-level task's thread-clock
 * duration), which a busy machine inflates far less than the wall-clock durations Lighthouse
 * simulates from; and the blocking time those tasks would give after first paint at
 * Lighthouse's 4x CPU slowdown, sum of (4 x CPU - 50 ms): what a quiet machine would report.
 */
function traceCpu(file: string) {
  interface Event { name?: string, ph?: string, pid: number, tid: number, ts: number, dur?: number, tdur?: number, args?: { name?: string } }
  const events = (JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: Event[] }).traceEvents
  const main = new Set(events.filter(e => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map(e => `${e.pid}:${e.tid}`))
  const onMain = (e: Event) => main.has(`${e.pid}:${e.tid}`)
  const start = Math.max(...events.filter(e => e.name === 'navigationStart' && onMain(e)).map(e => e.ts))
  const fcp = Math.min(...events.filter(e => e.name === 'firstContentfulPaint').map(e => e.ts))
  const tasks = events.filter(e => onMain(e) && e.ph === 'X' && e.tdur !== undefined && e.ts >= start && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')).sort((a, b) => a.ts - b.ts)
  let end = -1
  const top = tasks.filter((e) => {
    if (e.ts < end) return false
    end = e.ts + (e.dur ?? 0)
    return true
  })
  const cpu = (e: Event) => e.tdur! / 1000
  const total = top.reduce((sum, e) => sum + cpu(e), 0)
  const wall = top.reduce((sum, e) => sum + (e.dur ?? 0) / 1000, 0)
  const blocking = top.filter(e => e.ts >= fcp).reduce((sum, e) => sum + Math.max(0, 4 * cpu(e) - 50), 0)
  const longest = top.map(cpu).sort((a, b) => b - a).slice(0, 5).map(n => n.toFixed(0))
  return `main-thread CPU ${total.toFixed(0)} ms (its tasks took ${wall.toFixed(0)} ms of wall time); after first paint at 4x CPU: blocking ${blocking.toFixed(0)} ms; longest tasks (CPU) ${longest.join(', ')} ms`
}
