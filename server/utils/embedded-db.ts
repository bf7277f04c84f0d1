import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { join, resolve } from 'node:path'

// Starts FerretDB 1.24 on SQLite as a child process. Kept free of Nuxt imports so
// the test set-up and scripts can use it as well as the Nitro plugin.

export interface EmbeddedDb {
  uri: (database: string) => string
  port: number
  dataDir: string
  stop: () => Promise<void>
}

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

async function waitUntilAnswering(port: number, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`FerretDB exited with code ${child.exitCode} before it answered`)
    if (await answers(port)) return
    await new Promise(r => setTimeout(r, 100))
  }
  throw new Error(`FerretDB did not answer on port ${port} within ${timeoutMs} ms`)
}

function stopStale(pidFile: string) {
  if (!existsSync(pidFile)) return
  try {
    const { pid } = JSON.parse(readFileSync(pidFile, 'utf8'))
    process.kill(pid, 'SIGTERM')
  }
  catch {
    // already gone
  }
  rmSync(pidFile, { force: true })
}

export async function startEmbeddedDb(options: { dataDir?: string, port?: number, root?: string } = {}): Promise<EmbeddedDb> {
  const root = options.root ?? process.cwd()
  const binary = ferretdbBinary(root)
  if (!existsSync(binary)) {
    throw new Error('MONGODB_URI is not set and the embedded FerretDB is not installed: run scripts/dev.sh (which builds it with Go), or set MONGODB_URI.')
  }
  const dataDir = resolve(root, options.dataDir ?? '.data/ferretdb')
  mkdirSync(dataDir, { recursive: true })
  const pidFile = join(dataDir, 'ferretdb.pid')
  stopStale(pidFile)

  const port = options.port ?? await freePort()
  const child = spawn(binary, [
    '--handler=sqlite',
    `--sqlite-url=file:${dataDir}/`,
    `--state-dir=${dataDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000)
  })
  writeFileSync(pidFile, JSON.stringify({ pid: child.pid, port }))

  const killOnExit = () => child.kill('SIGTERM')
  process.once('exit', killOnExit)

  try {
    await waitUntilAnswering(port, child, 15_000)
  }
  catch (error) {
    child.kill('SIGKILL')
    throw new Error(`${(error as Error).message}\n${stderr}`, { cause: error })
  }

  return {
    port,
    dataDir,
    uri: database => `mongodb://127.0.0.1:${port}/${database}`,
    stop: () => new Promise((done) => {
      process.off('exit', killOnExit)
      rmSync(pidFile, { force: true })
      if (child.exitCode !== null) return done()
      child.once('exit', () => done())
      child.kill('SIGTERM')
    }),
  }
}
