import { mkdtempSync, rmSync } from 'node:fs'
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

  it('answers 200 with the app version and an up database', async () => {
    const res = await server.fetch('/api/health')
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toMatchObject({ status: 'ok', database: 'up' })
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/)
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
