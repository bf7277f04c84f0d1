// What the benchmarks share: a throwaway database on the embedded FerretDB, the built app
// started against it the way test/support/server.ts does, an HTTP load generator, and
// percentiles. Every load goes to 127.0.0.1 only and stops by itself.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { cpus, loadavg, totalmem } from 'node:os'
import { resolve } from 'node:path'
import mongoose from 'mongoose'
import { freePort, startEmbeddedDb, type EmbeddedDb } from '../server/utils/embedded-db.ts'

export const SESSION_PASSWORD = 'bench-session-password-that-is-32-characters-long'

export interface BenchApp {
  base: string
  port: number
  databaseUri: string
  server: ChildProcess
  /** The embedded FerretDB's process id. */
  databasePid: () => number | undefined
  /** From spawning the app to its first 200 from /api/health, and the app's CPU time by then (null off Linux). */
  ready: { ms: number, cpuMs: number | null }
  stop: () => Promise<void>
}

/**
 * Starts the embedded FerretDB (.tools/bin/ferretdb) with a new database and the built app
 * in `build` (default .output) against it; `stop` kills the app and drops the database.
 */
export async function startBenchApp(name: string, options: { build?: string, env?: Record<string, string>, pipeOutput?: boolean } = {}): Promise<BenchApp> {
  const entry = resolve(options.build ?? '.output', 'server/index.mjs')
  if (!existsSync(entry)) {
    console.error(`bench: no build at ${entry}; run \`npm run build\` first`)
    process.exit(1)
  }
  // BENCH_FERRETDB_ROOT: a folder whose .tools/bin/ferretdb to run instead (to compare two builds).
  const db: EmbeddedDb = await startEmbeddedDb({ dataDir: '.data/bench-ferretdb', root: process.env.BENCH_FERRETDB_ROOT })
  const databaseUri = db.uri(`bench_${name}_${Date.now()}`)
  const port = await freePort()
  const spawned = performance.now()
  const server = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), entry], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', MONGODB_URI: databaseUri, NUXT_SESSION_PASSWORD: SESSION_PASSWORD, ...options.env },
    stdio: ['ignore', options.pipeOutput ? 'pipe' : process.env.RAPPORT_DEBUG_QUERIES ? 'inherit' : 'ignore', 'inherit'],
  })
  const base = `http://127.0.0.1:${port}`
  const stop = async () => {
    await stopApp(server)
    const connection = await mongoose.createConnection(databaseUri).asPromise()
    await connection.dropDatabase()
    await connection.close()
    await db.stop()
  }
  try {
    for (let i = 0; ; i++) {
      if ((await fetch(`${base}/api/health`).catch(() => null))?.status === 200) break
      if (server.exitCode !== null) throw new Error('the app exited')
      if (i > 600) throw new Error('the app did not become healthy')
      await new Promise(r => setTimeout(r, 100))
    }
  }
  catch (error) {
    await stop()
    throw error
  }
  const ready = { ms: performance.now() - spawned, cpuMs: cpuMs(server.pid) }
  return { base, port, databaseUri, server, databasePid: db.pid, ready, stop }
}

/**
 * Stops an app with SIGTERM and waits for it to exit (SIGKILL after 10 s), so the database is
 * dropped after its close hook has run: dropped while the app was sealing its HR snapshot,
 * the seal's head write matched nothing and the app warned of "another process".
 */
export async function stopApp(server: ChildProcess) {
  if (server.exitCode !== null || server.signalCode !== null) return
  const exited = new Promise(resolve => server.once('exit', resolve))
  server.kill('SIGTERM')
  const timer = setTimeout(() => server.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

/** CPU time (user + system) a process has used so far, in ms; Linux only (null elsewhere). */
function cpuMs(pid: number | undefined): number | null {
  if (!pid || !existsSync(`/proc/${pid}/stat`)) return null
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
}

/**
 * CPU used by the app, the database and this load generator between `cpuMeter()` and the
 * returned function's call: what an operation costs whatever else the machine is doing
 * (throughput and latency depend on the load; CPU per operation much less).
 */
export function cpuMeter(app: BenchApp) {
  const pids = { app: app.server.pid, database: app.databasePid(), generator: process.pid }
  const start = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuMs(pid)]))
  return (operations: number, unit: string) => {
    const parts = Object.entries(pids).map(([k, pid]) => {
      const used = (cpuMs(pid) ?? Number.NaN) - (start[k] ?? Number.NaN)
      // Two decimals below 2 ms: a cached page costs about 1 ms, and 0.1 ms is a tenth of it.
      return `${k} ${(used / operations).toFixed(used / operations < 2 ? 2 : 1)} ms`
    })
    return Number.isNaN(cpuMs(process.pid)) ? '' : `CPU per ${unit}: ${parts.join(', ')}`
  }
}

export function percentile(list: readonly number[], p: number) {
  const sorted = [...list].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

export const ms = (n: number) => `${n.toFixed(1)} ms`

export function machineLine() {
  return `machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, FerretDB 1.24.2 on SQLite (app, database and load generator on the same machine); load average ${loadavg().map(l => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`
}

export interface LoadResult {
  requests: number
  errors: number
  seconds: number
  perSecond: number
  latencies: number[]
  bytes: number
  statuses: Map<number, number>
  headers: Record<string, string | string[] | undefined>
}

/**
 * A closed loop: `connections` keep-alive connections each send GET `path` again as soon as
 * the last answer is read, for `seconds`. node:http rather than fetch keeps the load
 * generator's own cost low; it shares the cores with the app and the database.
 */
export async function closedLoop(base: string, path: string, options: { connections: number, seconds: number, headers?: Record<string, string> }): Promise<LoadResult> {
  const url = new URL(path, base)
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections })
  const latencies: number[] = []
  const statuses = new Map<number, number>()
  let errors = 0
  let bytes = 0
  let headers: LoadResult['headers'] = {}
  const get = () => new Promise<void>((done) => {
    const t0 = performance.now()
    const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname + url.search, headers: options.headers }, (res) => {
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length
      })
      res.on('end', () => {
        const status = res.statusCode ?? 0
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        if (status !== 200) errors++
        else latencies.push(performance.now() - t0)
        headers = res.headers
        done()
      })
    })
    req.on('error', () => {
      errors++
      done()
    })
    req.end()
  })
  const deadline = performance.now() + options.seconds * 1000
  const started = performance.now()
  await Promise.all(Array.from({ length: options.connections }, async () => {
    while (performance.now() < deadline) await get()
  }))
  const seconds = (performance.now() - started) / 1000
  agent.destroy()
  return { requests: latencies.length, errors, seconds, perSecond: latencies.length / seconds, latencies, bytes, statuses, headers }
}

export function describeLoad(label: string, r: LoadResult) {
  const size = r.requests ? ` ${(r.bytes / (r.requests + r.errors) / 1024).toFixed(1)} KiB per response,` : ''
  return `${label}: ${r.requests} requests in ${r.seconds.toFixed(1)} s, ${r.errors} errors,${size} ${r.perSecond.toFixed(1)} req/s, p50 ${ms(percentile(r.latencies, 50))}, p95 ${ms(percentile(r.latencies, 95))}, p99 ${ms(percentile(r.latencies, 99))}`
}

export async function signIn(base: string, email: string, password: string) {
  const res = await fetch(`${base}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', 'origin': base }, body: JSON.stringify({ email, password }) })
  if (res.status !== 200) throw new Error(`sign-in as ${email}: ${res.status} ${await res.text()}`)
  return res.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
}

/**
 * Writes people straight into the database (sign-in is not what a benchmark measures), with
 * the e-mail look-up entries the User model keeps (server/models/user-email.ts).
 */
export async function insertPeople<T extends { email: string }>(connection: mongoose.Connection, people: T[]) {
  const rows = people as unknown as ({ email: string, _id?: mongoose.Types.ObjectId })[]
  for (const row of rows) row._id ??= new mongoose.Types.ObjectId()
  for (let i = 0; i < rows.length; i += 5000) {
    const slice = rows.slice(i, i + 5000)
    await connection.collection('users').insertMany(slice)
    await connection.collection<{ _id: string, user: mongoose.Types.ObjectId }>('user_emails').insertMany(slice.map(r => ({ _id: r.email, user: r._id! })))
  }
}
