import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import mongoose from 'mongoose'
import { inject } from 'vitest'
import { freePort } from '../../server/utils/embedded-db'

export interface TestServer {
  url: string
  databaseUri: string
  /** The app's process id (to read its memory). */
  pid: number
  fetch: (path: string, init?: RequestInit) => Promise<Response>
  stop: () => Promise<void>
  /** Everything the server printed so far (for diagnosing a failure). */
  output: () => string
  /** The app's process (tests that restart its database or signal it look at it). */
  child: ChildProcess
}

export function throwawayDatabaseUri(port = inject('ferretdbPort')) {
  return `mongodb://127.0.0.1:${port}/t_${randomBytes(6).toString('hex')}`
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined)
    if (value !== undefined) return value
    await new Promise(r => setTimeout(r, 100))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
}

/**
 * Starts the built app (.output) on a free port against its own database: a throwaway
 * database on the shared FerretDB, the one named, or (`embeddedDataDir`) the app's own
 * embedded FerretDB with its files in that directory, as in production without MONGODB_URI.
 */
export async function startServer(options: { databaseUri?: string, embeddedDataDir?: string, env?: Record<string, string> } = {}): Promise<TestServer> {
  const port = await freePort()
  let databaseUri = options.embeddedDataDir ? '' : options.databaseUri ?? throwawayDatabaseUri()
  const { MONGODB_URI: _inherited, ...inherited } = process.env
  const child: ChildProcess = spawn(process.execPath, [resolve('.output/server/index.mjs')], {
    env: {
      ...inherited,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...(options.embeddedDataDir ? { RAPPORT_FERRETDB_DIR: options.embeddedDataDir } : { MONGODB_URI: databaseUri }),
      NUXT_SESSION_PASSWORD: 'test-session-password-that-is-at-least-32-characters',
      // Links in e-mails point at this server; the reminder scheduler waits for a test to run it.
      APP_URL: `http://127.0.0.1:${port}`,
      MAIL_SCHEDULER: 'off',
      // No reading floor unless a test asks for one (test/server/integrity.test.ts does).
      NUXT_READING_FLOOR_PERCENT: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer) => {
    output += chunk
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const url = `http://127.0.0.1:${port}`
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error('exited')
      const res = await fetch(`${url}/api/health`)
      return res.status === 200 ? true : undefined
    }, 60_000, 'the app to report a healthy database')
    if (options.embeddedDataDir) {
      const embeddedPort = /embedded FerretDB on 127\.0\.0\.1:(\d+)/.exec(output)?.[1]
      if (!embeddedPort) throw new Error('the app did not say where its embedded FerretDB listens')
      databaseUri = `mongodb://127.0.0.1:${embeddedPort}/${options.env?.MONGODB_DATABASE ?? 'rapport'}`
    }
  }
  catch (error) {
    child.kill('SIGKILL')
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`, { cause: error })
  }
  return {
    url,
    databaseUri,
    pid: child.pid!,
    fetch: (path, init) => fetch(`${url}${path}`, { redirect: 'manual', ...init }),
    output: () => output,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise(r => child.once('exit', r))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise(r => setTimeout(r, 5000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      if (!options.databaseUri && !options.embeddedDataDir) await dropDatabase(databaseUri)
    },
  }
}

export async function dropDatabase(uri: string) {
  const connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 3000 }).asPromise()
  try {
    await connection.dropDatabase()
  }
  finally {
    await connection.close()
  }
}
