// Lighthouse (the devDependency, 12.2.3; mobile defaults) on a signed-in lesson page of the
// built app, with Debian's chromium (`command -v chromium`, or CHROME_PATH). Run `npm run build` first:
//   npm run bench:lighthouse [-- --lesson course/slug --build .output]
// Prints the performance, accessibility and best-practices scores and the main metrics.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import mongoose from 'mongoose'
import { loadContent } from '../scripts/content-files.ts'
import { hashUserPassword } from '../server/utils/password.ts'
import { insertPeople, machineLine, signIn, startBenchApp } from './support.ts'

const { values } = parseArgs({ options: { lesson: { type: 'string' }, build: { type: 'string', default: '.output' }, lighthouse: { type: 'string', default: resolve('node_modules/.bin/lighthouse') } } })
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
  const url = `${app.base}/courses/${lesson.course}/${lesson.slug}`
  // The first request of a process renders the shared page and loads the content library.
  await (await fetch(url, { headers: { cookie } })).text()
  const out = join(tmpdir(), `rapport-lighthouse-${Date.now()}.json`)
  const [command, ...args] = values.lighthouse!.split(' ')
  execFileSync(command!, [...args, url, '--quiet', '--output=json', `--output-path=${out}`, '--only-categories=performance,accessibility,best-practices',
    `--extra-headers=${JSON.stringify({ Cookie: cookie })}`, '--chrome-flags=--headless=new --no-sandbox'], { stdio: 'inherit', env: { ...process.env, CHROME_PATH: chrome } })
  const report = JSON.parse(readFileSync(out, 'utf8')) as { lighthouseVersion: string, categories: Record<string, { score: number }>, audits: Record<string, { displayValue?: string, score: number | null, title: string }> }
  console.log(machineLine())
  console.log(`Lighthouse ${report.lighthouseVersion}, mobile defaults, ${url}`)
  for (const [id, c] of Object.entries(report.categories)) console.log(`${id}: ${Math.round(c.score * 100)}`)
  for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index', 'uses-text-compression', 'unused-javascript']) {
    const a = report.audits[id]
    if (a) console.log(`  ${a.title}: ${a.displayValue ?? ''} (score ${a.score})`)
  }
  for (const [id, a] of Object.entries(report.audits)) {
    if (a.score !== null && a.score < 1 && !['largest-contentful-paint', 'first-contentful-paint', 'speed-index', 'total-blocking-time', 'cumulative-layout-shift', 'interactive', 'max-potential-fid'].includes(id) && (a as { scoreDisplayMode?: string }).scoreDisplayMode !== 'informative') {
      console.log(`  below 1: ${id} (${a.score}) ${a.displayValue ?? ''}`)
      // What the audit found (inspector-issues names each browser issue and the resource it is about).
      const items = (a as { details?: { items?: unknown[] } }).details?.items ?? []
      for (const item of items.slice(0, 10)) console.log(`    ${JSON.stringify(item).slice(0, 600)}`)
    }
  }
}
finally {
  await app.stop()
}
