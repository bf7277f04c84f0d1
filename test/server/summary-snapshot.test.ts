import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SummaryEntry } from '../../server/domain/learning/summary-cache'
import { readSummarySnapshot, sealSummarySnapshot, summarySnapshotSource, withSummaryWrite } from '../../server/domain/hr/summary-snapshot'
import { closeDatabaseEngine, configureDatabaseEngine, databaseEngine } from '../../server/utils/db-engine'
import { dropDatabase, throwawayDatabaseUri } from '../support/server'

// The embedded engine's snapshot of the HR copy of the summaries (server/domain/hr/
// summary-snapshot.ts), driven in this process against the test FerretDB, where the timing
// of summary writes around a seal can be chosen. The restarts through the built app are in
// hr-dashboard.test.ts ("HR figures across restarts").
//
// The case the HR bench hit at 10,000 people: when the app stopped, the reminder scheduler's
// pass was still refreshing people (a task, not a request, so Nitro does not wait for it);
// a summary write that started while the seal wrote the copy kept the head open, and the
// next start read every summary one by one (7 s) instead of the snapshot.

const databaseUri = throwawayDatabaseUri()
const DAY = 86_400_000

function entry(i: number): SummaryEntry {
  const start = new Date(Date.UTC(2026, 0, 1) + i * DAY)
  return {
    user: new mongoose.Types.ObjectId().toHexString(), name: `Person ${i}`, email: `p${i}@snapshot.test`, department: null,
    jobRole: 'Cashier', startDate: start, active: true, done: i % 3, required: 3, progress: Math.round((i % 3) / 3 * 100),
    dueAt: new Date(start.getTime() + 30 * DAY), certifiedUntil: null, onboardedAt: null, exempt: false,
    updatedAt: new Date(start.getTime() + DAY), rev: i,
    paths: [{ path: 'new-staff-essentials', title: 'New staff essentials', exempt: false, required: 3, done: i % 3, dueAt: new Date(start.getTime() + 30 * DAY), certificate: null }],
  }
}

const copy = new Map<string, SummaryEntry>()
const head = () => mongoose.connection.db!.collection<{ _id: string, state?: string }>('summarysnapshots').findOne({ _id: 'learner-summaries' })

/** A summary write (as refreshLearner makes it) that finishes when `finish` is called. */
function heldWrite(i: number) {
  let finish!: () => void
  const finished = new Promise<void>((resolve) => {
    finish = resolve
  })
  const write = withSummaryWrite(async () => {
    await finished
    const e = entry(i)
    copy.set(e.user, e)
    return true
  })
  return { write, finish }
}

beforeAll(async () => {
  await mongoose.connect(databaseUri, { serverSelectionTimeoutMS: 5000 })
  await configureDatabaseEngine(databaseUri)
  for (let i = 0; i < 200; i++) {
    const e = entry(i)
    copy.set(e.user, e)
  }
  summarySnapshotSource(() => copy.values())
})

afterAll(async () => {
  await closeDatabaseEngine()
  await mongoose.disconnect()
  await dropDatabase(databaseUri)
})

describe('sealing the learner-summary snapshot', () => {
  it('runs on the embedded engine', () => {
    expect(databaseEngine()).toBe('ferretdb')
  })

  it('leaves the head open when a summary write is under way as a quiet-spell seal takes the copy', async () => {
    const sealed = sealSummarySnapshot()
    // Sent while the seal marks the head open and writes the copy.
    const late = heldWrite(1000)
    late.finish()
    await late.write
    expect(await sealed).toBe(false)
    expect((await head())?.state).toBe('open')
    // With nothing written meanwhile, the next seal holds.
    expect(await sealSummarySnapshot()).toBe(true)
    expect((await head())?.state).toBe('sealed')
    const read = await readSummarySnapshot()
    expect(read?.map(e => e.user).sort()).toEqual([...copy.keys()].sort())
  })

  it('seals when the app stops although summary writes are in flight and keep coming (the reminder pass)', async () => {
    // One write under way when the app stops, opening the head again.
    const inFlight = heldWrite(2000)
    await new Promise(r => setTimeout(r, 50))
    expect((await head())?.state).toBe('open')

    const sealed = sealSummarySnapshot({ final: true })
    // More writes while the final seal waits and writes the copy: refused, the app is stopping.
    const refused = [heldWrite(2001), heldWrite(2002)]
    for (const r of refused) r.finish()
    for (const r of refused) await expect(r.write).rejects.toMatchObject({ statusCode: 503 })
    inFlight.finish()
    await inFlight.write
    const late = heldWrite(2003)
    late.finish()
    await expect(late.write).rejects.toMatchObject({ statusCode: 503 })

    expect(await sealed).toBe(true)
    expect((await head())?.state).toBe('sealed')
    // The snapshot holds the write that was in flight, and the next start reads it as sealed.
    const read = await readSummarySnapshot()
    expect(read).toHaveLength(copy.size)
    expect(read?.map(e => e.user).sort()).toEqual([...copy.keys()].sort())
    expect(read?.find(e => e.email === 'p2000@snapshot.test')).toEqual([...copy.values()].find(e => e.email === 'p2000@snapshot.test'))
  })
})
