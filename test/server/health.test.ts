import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedDb, type EmbeddedDb } from '../../server/utils/embedded-db'
import { startServer, waitFor, type TestServer } from '../support/server'

describe('GET /api/health', () => {
  let dataDir: string
  let db: EmbeddedDb
  let server: TestServer

  beforeAll(async () => {
    // Its own FerretDB, because this test stops and restarts it.
    dataDir = mkdtempSync(join(tmpdir(), 'rapport-health-'))
    db = await startEmbeddedDb({ dataDir })
    server = await startServer({ databaseUri: db.uri('health') })
  })

  afterAll(async () => {
    await server?.stop()
    await db?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('answers 200 with the app version and an up database, once the content library is parsed', async () => {
    const res = await server.fetch('/api/health')
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toMatchObject({ status: 'ok', database: 'up', content: 'ready' })
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/)
    // Parsed by the start-up plugin, before the first request that needs it.
    expect(server.output()).toMatch(/\[content\] library parsed at start in \d+ ms: \d+ lessons, \d+ quizzes/)
  })

  it('answers 503 within 5 s of the database stopping, and 200 again once it is back, without a restart', async () => {
    const port = db.port
    await db.stop()
    const stoppedAt = Date.now()
    const downBody = await waitFor(async () => {
      const res = await server.fetch('/api/health')
      return res.status === 503 ? res.json() : undefined
    }, 5_000, 'health to report 503')
    expect(Date.now() - stoppedAt).toBeLessThan(5_000)
    expect(downBody).toMatchObject({ database: 'down' })

    db = await startEmbeddedDb({ dataDir, port })
    const upBody = await waitFor(async () => {
      const res = await server.fetch('/api/health')
      return res.status === 200 ? res.json() : undefined
    }, 20_000, 'health to report 200 again')
    expect(upBody).toMatchObject({ database: 'up' })
  })
})

describe('GET /api/health with errors in the content', () => {
  let dir: string
  let server: TestServer

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rapport-health-content-'))
    cpSync('content', dir, { recursive: true })
    writeFileSync(join(dir, 'quizzes', 'broken-quiz.yml'), 'id: broken-quiz\ntitle: [unclosed\n')
    server = await startServer({ env: { CONTENT_WRITE: 'files', CONTENT_DIR: dir } })
  })

  afterAll(async () => {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('still starts and reports ready, with the error logged at start', async () => {
    const res = await server.fetch('/api/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', content: 'ready' })
    const output = server.output()
    expect(output).toMatch(/\[content\] library parsed at start in \d+ ms: .*\(\d+ errors?/)
    expect(output).toContain('[content] content/quizzes/broken-quiz.yml')
  })
})
