import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { join, resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'

// Starts FerretDB 1.24 on SQLite as a child process, and (for the app) keeps it running:
// when it exits unexpectedly it is started again on the same port with back-off, so the
// Mongoose connections reconnect by themselves. Kept free of Nuxt imports so the test
// set-up, benches and scripts can use it as well as the Nitro plugin.

export type EmbeddedDbState = 'up' | 'restarting' | 'stopped'

export interface EmbeddedDb {
  uri: (database: string) => string
  port: number
  dataDir: string
  /** 'restarting' from an unexpected exit until the new FerretDB answers. */
  state: () => EmbeddedDbState
  /** Milliseconds until the next restart attempt (0 when one is under way or none is due). */
  nextAttemptIn: () => number
  /** The running FerretDB's process id. */
  pid: () => number | undefined
  stop: () => Promise<void>
}

/**
 * How SQLite makes FerretDB's commits durable. `normal` (the default): a commit survives a crash
 * of FerretDB or the app, and the files stay consistent, but the last commits before a power
 * loss or an operating-system crash may be lost; `full`: SQLite also waits for the disk at every
 * commit, for about 0.3 ms more CPU per write. docs/decisions.md, "The embedded FerretDB's
 * process and SQLite settings".
 */
export type EmbeddedDbSync = 'normal' | 'full'

/** Reads RAPPORT_FERRETDB_SYNC (unset: normal). */
export function embeddedDbSync(value: string | undefined): EmbeddedDbSync {
  const sync = (value || 'normal').toLowerCase()
  if (sync === 'normal' || sync === 'full') return sync
  throw new Error(`RAPPORT_FERRETDB_SYNC must be "normal" or "full", not "${value}".`)
}

/**
 * FerretDB's Go garbage collector: collecting when the heap has grown by 400 % rather than
 * 100 % took about a fifth off its CPU per operation for about 20 MB more memory; the limit
 * makes it collect earlier should the heap near 512 MiB. An operator's own GOGC or GOMEMLIMIT wins.
 */
const GO_RUNTIME = { GOGC: '400', GOMEMLIMIT: '512MiB' }

export interface EmbeddedDbOptions {
  dataDir?: string
  /** Default `normal`. */
  sync?: EmbeddedDbSync
  port?: number
  root?: string
  /** Restart FerretDB when it exits unexpectedly (the app does; tests that stop it on purpose don't). */
  supervise?: boolean
  log?: (line: string) => void
}

/** Waits before restart attempts 1, 2, 3…; the last one repeats. */
export const RESTART_BACKOFF_MS = [200, 500, 1000, 2000, 4000, 5000]
/** A FerretDB that stayed up this long starts the back-off from the beginning again. */
const STABLE_AFTER_MS = 30_000
const ANSWER_TIMEOUT_MS = 15_000
const STOP_GRACE_MS = 2000
/**
 * How long a start waits for the data directory's lock before refusing: a process that is
 * shutting down (a restart by a process manager, the dev server reloading its worker, which
 * does not wait for the old one) releases it within a few seconds.
 */
const LOCK_WAIT_MS = 6000

export const ferretdbBinary = (root = process.cwd()) => resolve(root, '.tools/bin/ferretdb')

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))))
    })
  })
}

function answers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      done(true)
    })
    socket.once('error', () => done(false))
  })
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

async function waitUntilAnswering(port: number, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`FerretDB exited (${child.signalCode ?? `code ${child.exitCode}`}) before it answered`)
    if (await answers(port)) return
    await sleep(100)
  }
  throw new Error(`FerretDB did not answer on port ${port} within ${timeoutMs} ms`)
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

/** The FerretDB a crashed app left running on this data directory (never another program that got its pid). */
async function stopStale(pidFile: string) {
  if (!existsSync(pidFile)) return
  try {
    const { pid } = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number }
    const command = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : 'ferretdb'
    if (command.includes('ferretdb')) {
      process.kill(pid, 'SIGTERM')
      for (let waited = 0; alive(pid) && waited < STOP_GRACE_MS; waited += 100) await sleep(100)
      if (alive(pid)) process.kill(pid, 'SIGKILL')
    }
  }
  catch {
    // already gone
  }
  rmSync(pidFile, { force: true })
}

/**
 * One process per data directory: two FerretDBs on the same SQLite files would each apply
 * updates as their own read-modify-write, and the app's write adapters assume they are alone.
 * The lock is SQLite's exclusive lock on `rapport.lock` (an fcntl lock the kernel releases
 * when the process dies, so a crash leaves nothing to clean up); `rapport.owner` says who holds it.
 * Two connections in one process (two threads) exclude each other in the same way.
 */
async function lockDataDir(dataDir: string): Promise<() => void> {
  const lockFile = join(dataDir, 'rapport.lock')
  const ownerFile = join(dataDir, 'rapport.owner')
  const deadline = Date.now() + LOCK_WAIT_MS
  let lock: DatabaseSync
  for (;;) {
    lock = new DatabaseSync(lockFile, { timeout: 0 })
    try {
      lock.exec('PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;')
      break
    }
    catch (error) {
      lock.close()
      if (!/locked|busy/i.test((error as Error).message)) throw error
      if (Date.now() < deadline) {
        await sleep(100)
        continue
      }
      throw refusal(dataDir, ownerFile, error)
    }
  }
  writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }))
  return () => {
    rmSync(ownerFile, { force: true })
    lock.close()
  }
}

function refusal(dataDir: string, ownerFile: string, error: unknown) {
  let owner = ''
  try {
    const { pid, since } = JSON.parse(readFileSync(ownerFile, 'utf8')) as { pid: number, since: string }
    owner = ` (process ${pid}, since ${since})`
  }
  catch {
    // no owner file yet: the other process is just starting
  }
  return new Error(`another Rapport process${owner} is already using the embedded database in ${dataDir}. `
    + 'Run one app process per data directory: stop the other one, point this one at another directory '
    + '(RAPPORT_FERRETDB_DIR), or set MONGODB_URI to share a MongoDB between several app processes.', { cause: error })
}

export async function startEmbeddedDb(options: EmbeddedDbOptions = {}): Promise<EmbeddedDb> {
  const root = options.root ?? process.cwd()
  const binary = ferretdbBinary(root)
  if (!existsSync(binary)) {
    throw new Error('MONGODB_URI is not set and the embedded FerretDB is not installed: run scripts/dev.sh (which builds it with Go), or set MONGODB_URI.')
  }
  const log = options.log ?? (line => console.warn(line))
  const dataDir = resolve(root, options.dataDir ?? '.data/ferretdb')
  mkdirSync(dataDir, { recursive: true })
  const unlock = await lockDataDir(dataDir)
  const pidFile = join(dataDir, 'ferretdb.pid')
  let port: number
  try {
    await stopStale(pidFile)
    port = options.port ?? await freePort()
  }
  catch (error) {
    unlock()
    throw error
  }

  let child: ChildProcess | undefined
  let stderr = ''
  let state: EmbeddedDbState = 'up'
  let stopping = false
  let failures = 0
  let upSince = 0
  let downSince = 0
  let nextAttemptAt = 0
  let timer: NodeJS.Timeout | undefined

  const launch = () => {
    const started = spawn(binary, [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/?_pragma=synchronous(${options.sync ?? 'normal'})`,
      `--state-dir=${dataDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...GO_RUNTIME, ...process.env } })
    stderr = ''
    started.stderr?.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000)
    })
    started.once('exit', (code, signal) => exited(started, code, signal))
    // A spawn failure emits 'error', and 'exit' perhaps not.
    started.once('error', () => exited(started, -1, null))
    child = started
    writeFileSync(pidFile, JSON.stringify({ pid: started.pid, port }))
    return started
  }

  const ended = new WeakSet<ChildProcess>()
  const exited = (which: ChildProcess, code: number | null, signal: NodeJS.Signals | null) => {
    if (ended.has(which)) return
    ended.add(which)
    if (which !== child || stopping) return
    if (!options.supervise) {
      state = 'stopped'
      return
    }
    if (state === 'up') {
      downSince = Date.now()
      if (downSince - upSince >= STABLE_AFTER_MS) failures = 0
    }
    state = 'restarting'
    const delay = RESTART_BACKOFF_MS[Math.min(failures, RESTART_BACKOFF_MS.length - 1)]!
    failures++
    nextAttemptAt = Date.now() + delay
    // What FerretDB said last explains an exit of its own (a port taken, a broken file), not a kill.
    const last = signal ? '' : stderr.trim().split('\n').pop()
    log(`[rapport] embedded FerretDB (pid ${which.pid}) exited unexpectedly (${signal ?? `code ${code}`})${last ? `: ${last}` : ''}; `
      + `restarting it in ${delay} ms (attempt ${failures})`)
    timer = setTimeout(restart, delay)
  }

  const restart = async () => {
    if (stopping) return
    const started = launch()
    try {
      await waitUntilAnswering(port, started, ANSWER_TIMEOUT_MS)
    }
    catch {
      // It exited (its exit schedules the next attempt) or hangs: kill it, which does too.
      if (started.exitCode === null && started.signalCode === null) started.kill('SIGKILL')
      return
    }
    if (started !== child || stopping) return
    state = 'up'
    upSince = Date.now()
    log(`[rapport] embedded FerretDB is back (pid ${started.pid}, 127.0.0.1:${port}), ${upSince - downSince} ms after it stopped`)
  }

  const killOnExit = () => child?.kill('SIGKILL')
  process.once('exit', killOnExit)

  const first = launch()
  try {
    await waitUntilAnswering(port, first, ANSWER_TIMEOUT_MS)
    upSince = Date.now()
  }
  catch (error) {
    stopping = true
    first.kill('SIGKILL')
    process.off('exit', killOnExit)
    unlock()
    throw new Error(`${(error as Error).message}\n${stderr}`, { cause: error })
  }

  return {
    port,
    dataDir,
    uri: database => `mongodb://127.0.0.1:${port}/${database}`,
    state: () => state,
    nextAttemptIn: () => (state === 'restarting' ? Math.max(0, nextAttemptAt - Date.now()) : 0),
    pid: () => (state === 'up' ? child?.pid : undefined),
    // Bounded whatever FerretDB does: SIGTERM, then SIGKILL after STOP_GRACE_MS.
    stop: async () => {
      if (stopping) return
      stopping = true
      clearTimeout(timer)
      const running = child
      if (running && running.exitCode === null && running.signalCode === null) {
        const gone = new Promise(r => running.once('exit', r))
        running.kill('SIGTERM')
        if (await Promise.race([gone.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]) === false) {
          running.kill('SIGKILL')
          await Promise.race([gone, sleep(1000)])
        }
      }
      state = 'stopped'
      process.off('exit', killOnExit)
      rmSync(pidFile, { force: true })
      unlock()
    },
  }
}
