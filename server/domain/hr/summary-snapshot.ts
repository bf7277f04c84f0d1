import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { gunzip, gzip } from 'node:zlib'
import { SummarySnapshotModel } from '../../models/summary-snapshot'
import { databaseEngine, forWrites } from '../../utils/db-engine'
import type { SummaryEntry } from '../learning/summary-cache'

// A snapshot of the HR dashboards' copy of the learner summaries, for the embedded engine
// only (FerretDB, one app process per database; on MongoDB the dashboards query the
// summaries through their indexes and nothing is kept). FerretDB on SQLite decodes every
// document of any query not by `_id`, so reading 10,000 summaries when the app starts takes
// seconds; the snapshot is two documents read by `_id` (head and data, a gzip of compact JSON).
//
// The head says whether the snapshot is exact:
// - `sealed`: no summary has been written since the data was taken. Only then is it read.
// - `open` (with its owner, an id of the app process): a summary may have been written since.
//   Every summary write of this process waits, once per seal, for the head to be marked open
//   before it is sent (withSummaryWrite); the write connection serves one command at a time
//   and the head writes are chained here, so "open" always lands before the summary does.
// Sealing (after a quiet spell with no summary written, and when the app stops) takes the
// copy while no summary write is in flight, writes the data, and marks the head sealed only if
// no summary write started meanwhile and the head is still open by this process (another
// process marking it open, against the one-process rule, stops this one from sealing again).
// The seal when the app stops is the last: from its start, summary writes are refused (503;
// HTTP requests have finished by then, but the reminder scheduler's pass may still be
// refreshing people), and it waits for those in flight, so none can start during it. Without
// that, at 10,000 people a pass refreshing someone while the copy was written kept the head
// open, and the next start read every summary.
// A crash leaves the head open, and the next start reads every summary: the recompute path.
// After a start from the snapshot, the copy's first catch-up (summary-cache.ts, a minute
// later) reads every summary again and repairs anything the snapshot lacked.

const HEAD = 'learner-summaries'
const DATA = 'learner-summaries:data'
const FORMAT = 1
/** A snapshot is sealed once no summary has been written for this long. */
const QUIET_MS = 30_000
/** Beyond this (about 400,000 people) no snapshot is kept: FerretDB's documents stop at 16 MiB. */
const MAX_BYTES = 12 * 1024 * 1024

const gzipAsync = promisify(gzip)
const gunzipAsync = promisify(gunzip)

const owner = randomBytes(9).toString('base64url')
let opened: Promise<void> | undefined
let headSealed = false
let headWrites: Promise<unknown> = Promise.resolve()
let inFlight = 0
let started = 0
let stopping = false
const drainWaiters: (() => void)[] = []
let sealable = true
let sealing: Promise<boolean> | undefined
let quietTimer: NodeJS.Timeout | undefined
let source: (() => Iterable<SummaryEntry> | undefined) | undefined

// Compact form: one array per person, dates as epoch milliseconds, path slugs and titles once.
type Time = number | null
type PathTuple = [number, 0 | 1, number, number, Time, [string, number, number] | null]
type EntryTuple = [string, string, string, string | null, string, number, 0 | 1, number, number, number, Time, Time, Time, 0 | 1, number, number, PathTuple[]]
interface Encoded { format: number, paths: [string, string][], entries: EntryTuple[] }

const ms = (date: Date | null): Time => (date ? date.getTime() : null)
const date = (time: Time) => (time === null ? null : new Date(time))

export function encodeSummaries(entries: Iterable<SummaryEntry>): Encoded {
  const paths: [string, string][] = []
  const pathIndex = new Map<string, number>()
  const indexOf = (path: string, title: string) => {
    const key = `${path}\n${title}`
    let i = pathIndex.get(key)
    if (i === undefined) pathIndex.set(key, i = paths.push([path, title]) - 1)
    return i
  }
  const out: EntryTuple[] = []
  for (const e of entries) {
    out.push([
      e.user, e.name, e.email, e.department, e.jobRole, e.startDate.getTime(), e.active ? 1 : 0,
      e.done, e.required, e.progress, ms(e.dueAt), ms(e.certifiedUntil), ms(e.onboardedAt), e.exempt ? 1 : 0,
      e.updatedAt.getTime(), e.rev,
      e.paths.map(p => [indexOf(p.path, p.title), p.exempt ? 1 : 0, p.required, p.done, ms(p.dueAt),
        p.certificate ? [p.certificate.code, p.certificate.issuedAt.getTime(), p.certificate.expiresAt.getTime()] : null]),
    ])
  }
  return { format: FORMAT, paths, entries: out }
}

export function decodeSummaries(encoded: Encoded): SummaryEntry[] {
  return encoded.entries.map(([user, name, email, department, jobRole, startDate, active, done, required, progress, dueAt, certifiedUntil, onboardedAt, exempt, updatedAt, rev, paths]) => ({
    user, name, email, department, jobRole, startDate: new Date(startDate), active: active === 1,
    done, required, progress, dueAt: date(dueAt), certifiedUntil: date(certifiedUntil), onboardedAt: date(onboardedAt),
    exempt: exempt === 1, updatedAt: new Date(updatedAt), rev,
    paths: paths.map(([index, pathExempt, pathRequired, pathDone, pathDue, certificate]) => ({
      path: encoded.paths[index]![0], title: encoded.paths[index]![1], exempt: pathExempt === 1,
      required: pathRequired, done: pathDone, dueAt: date(pathDue),
      certificate: certificate ? { code: certificate[0], issuedAt: new Date(certificate[1]), expiresAt: new Date(certificate[2]) } : null,
    })),
  }))
}

/**
 * Where sealing takes the copy from: every summary (iterated at once, with no await between
 * the call and the end of the iteration), or undefined while they are not all read.
 */
export function summarySnapshotSource(capture: () => Iterable<SummaryEntry> | undefined) {
  source = capture
}

/** The entries of a sealed snapshot, or undefined (none, open, unreadable): then read every summary. */
export async function readSummarySnapshot(): Promise<SummaryEntry[] | undefined> {
  if (databaseEngine() !== 'ferretdb') return undefined
  const head = await SummarySnapshotModel.findById(HEAD).lean()
  if (head?.state !== 'sealed' || !head.gen) return undefined
  const data = await SummarySnapshotModel.findById(DATA).lean()
  if (!data?.data || data.gen !== head.gen || data.format !== FORMAT) return undefined
  try {
    const bytes = data.data as unknown as { buffer: Uint8Array } | Uint8Array
    const buffer = Buffer.from(bytes instanceof Uint8Array ? bytes : bytes.buffer)
    const entries = decodeSummaries(JSON.parse(String(await gunzipAsync(buffer))) as Encoded)
    if (entries.length !== data.count) return undefined
    // A summary written by this process meanwhile has opened the head (and is in the copy).
    headSealed = !opened
    return entries
  }
  catch (error) {
    console.warn(`[hr] the learner-summary snapshot is unreadable, reading every summary: ${(error as Error).message}`)
    return undefined
  }
}

/** Marks the head open by this process (once per seal); every summary write waits for it. */
function open(): Promise<void> {
  if (!opened) {
    headSealed = false
    const write = headWrites.then(() => forWrites(SummarySnapshotModel).updateOne(
      { _id: HEAD },
      { $set: { state: 'open', owner, openedAt: new Date() } },
      { upsert: true },
    ))
    headWrites = write.catch(() => undefined)
    const marked: Promise<void> = write.then(() => undefined, (error: unknown) => {
      if (opened === marked) opened = undefined
      throw error
    })
    opened = marked
  }
  return opened
}

function armQuietSeal() {
  clearTimeout(quietTimer)
  quietTimer = setTimeout(() => {
    sealSummarySnapshot().catch(error => console.warn(`[hr] sealing the learner-summary snapshot failed: ${(error as Error).message}`))
  }, QUIET_MS)
  quietTimer.unref()
}

/**
 * Runs one write of learner summaries (with its noteSummary) on the embedded engine: the
 * snapshot's head is marked open before it, and no seal takes the copy while it is in flight.
 * On MongoDB it just runs.
 */
export async function withSummaryWrite<T>(work: () => Promise<T>): Promise<T> {
  if (databaseEngine() !== 'ferretdb') return work()
  // (statusCode: what h3 answers, should a request ever get here; Nitro lets requests finish first.)
  if (stopping) throw Object.assign(new Error('The app is stopping: try again in a moment.'), { statusCode: 503 })
  inFlight++
  started++
  try {
    await open()
    return await work()
  }
  finally {
    inFlight--
    if (!stopping) armQuietSeal()
    else if (!inFlight) for (const done of drainWaiters.splice(0)) done()
  }
}

/** Called once every summary has been read: a snapshot is sealed after the quiet spell. */
export function summariesLoaded() {
  if (databaseEngine() === 'ferretdb' && !headSealed) armQuietSeal()
}

/**
 * Writes the snapshot and seals it, if this process holds every summary and none is being
 * written. True when the stored snapshot is sealed and current afterwards. `final` (the app
 * is stopping): summary writes are refused from now on, and the seal waits for those in flight.
 */
export async function sealSummarySnapshot(options: { final?: boolean } = {}): Promise<boolean> {
  if (options.final && databaseEngine() === 'ferretdb' && !stopping) {
    stopping = true
    clearTimeout(quietTimer)
    // A quiet-spell seal under way may give up on a write that started before; seal after it.
    await sealing?.catch(() => undefined)
  }
  sealing ??= seal().finally(() => {
    sealing = undefined
  })
  return sealing
}

async function seal(): Promise<boolean> {
  if (databaseEngine() !== 'ferretdb' || !sealable || !source) return false
  if (headSealed) return true
  if (!source()) return false
  await open()
  while (stopping && inFlight) await new Promise<void>(resolve => drainWaiters.push(resolve))
  const entries = inFlight ? undefined : source()
  if (!entries) return false
  const mark = started
  const gen = randomBytes(9).toString('base64url')
  const encoded = encodeSummaries(entries)
  const data = await gzipAsync(JSON.stringify(encoded), { level: 1 })
  if (data.length > MAX_BYTES) {
    console.warn(`[hr] no learner-summary snapshot: ${data.length} bytes is over ${MAX_BYTES}`)
    sealable = false
    return false
  }
  await forWrites(SummarySnapshotModel).updateOne(
    { _id: DATA },
    { $set: { gen, format: FORMAT, count: encoded.entries.length, takenAt: new Date(), data } },
    { upsert: true },
  )
  // A summary written since the copy was taken is not in it: the head stays open.
  if (started !== mark) return false
  // No await between the check above and sending the head write: a summary write that
  // starts from here on marks the head open again, after this write.
  opened = undefined
  const write = forWrites(SummarySnapshotModel).updateOne(
    { _id: HEAD, state: 'open', owner },
    { $set: { state: 'sealed', gen, sealedAt: new Date() } },
  ).exec() // one execution: a Mongoose query runs again each time it is awaited
  headWrites = write.catch(() => undefined)
  const result = await write
  if (!result.matchedCount) {
    const head = await SummarySnapshotModel.findById(HEAD, { owner: 1 }).lean()
    if (!head) {
      console.warn('[hr] the learner-summary snapshot is gone (its collection or database was dropped): not sealed')
      return false
    }
    console.warn('[hr] the learner-summary snapshot was opened by another process: this one no longer seals it')
    sealable = false
    return false
  }
  if (!opened) headSealed = true
  return headSealed
}
