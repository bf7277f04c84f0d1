import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { embeddedDbSync, startEmbeddedDb, type EmbeddedDb } from '../../server/utils/embedded-db'
import { waitFor } from '../support/server'

// The embedded FerretDB's process and SQLite settings (docs/decisions.md, "The embedded
// FerretDB's process and SQLite settings"): what the spawned process gets, and that a write
// FerretDB acknowledged survives FerretDB being killed under synchronous=NORMAL.

const processOf = (pid: number) => ({
  args: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'),
  env: readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0'),
})

describe('the embedded FerretDB', () => {
  let dataDir: string
  let db: EmbeddedDb

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rapport-embedded-'))
    db = await startEmbeddedDb({ dataDir, supervise: true, log: () => {} })
  })

  afterAll(async () => {
    await db?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('runs with SQLite synchronous=normal and Go\'s GOGC=400 and GOMEMLIMIT=512MiB by default', () => {
    const { args, env } = processOf(db.pid()!)
    expect(args).toContain(`--sqlite-url=file:${dataDir}/?_pragma=synchronous(normal)`)
    expect(env).toEqual(expect.arrayContaining(['GOGC=400', 'GOMEMLIMIT=512MiB']))
  })

  it('keeps every acknowledged write when FerretDB is killed and restarted', { timeout: 60_000 }, async () => {
    const connection = await mongoose.createConnection(db.uri('durability'), { maxPoolSize: 1 }).asPromise()
    try {
      const items = connection.collection('items')
      for (let i = 0; i < 200; i++) await items.insertOne({ _id: `item-${i}` as never, n: i })
      await items.updateOne({ _id: 'item-7' as never }, { $set: { n: -7 } })
      const victim = db.pid()!
      process.kill(victim, 'SIGKILL')
      await waitFor(async () => (db.state() === 'up' && db.pid() !== victim) || undefined, 20_000, 'FerretDB to be restarted')
      const back = await waitFor(async () => items.find().toArray().catch(() => undefined), 20_000, 'FerretDB to answer again')
      expect(back).toHaveLength(200)
      expect(back.find(d => d._id as unknown === 'item-7')?.n).toBe(-7)
    }
    finally {
      await connection.close()
    }
  })
})

describe('RAPPORT_FERRETDB_SYNC', () => {
  it('is normal when unset, full when asked, and refuses anything else', async () => {
    expect(embeddedDbSync(undefined)).toBe('normal')
    expect(embeddedDbSync('FULL')).toBe('full')
    expect(() => embeddedDbSync('off')).toThrow('RAPPORT_FERRETDB_SYNC must be "normal" or "full", not "off".')

    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-embedded-full-'))
    const db = await startEmbeddedDb({ dataDir, sync: 'full' })
    try {
      expect(processOf(db.pid()!).args).toContain(`--sqlite-url=file:${dataDir}/?_pragma=synchronous(full)`)
    }
    finally {
      await db.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
