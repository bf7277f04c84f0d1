import type { Types } from 'mongoose'
import { LearnerSummaryModel } from '../../models/learner-summary'
import { databaseEngine } from '../../utils/db-engine'
import { readSummarySnapshot, summariesLoaded, summarySnapshotSource } from '../hr/summary-snapshot'

// The HR dashboards' copy of the learner summaries, held in this process: the adapter
// for FerretDB (the embedded engine, one app process per database). On MongoDB the
// dashboards query the summaries through their indexes instead (summary-store.ts), and
// nothing is kept here.
//
// FerretDB 1.24 on SQLite pushes down only filters on _id: any other query reads and
// decodes every document of the collection (about 0.2 ms each, 2 s for 10,000 people),
// whatever its filter or index. Reading the summaries once and keeping them current
// costs nothing per learning event: refreshLearner, the one writer, hands each summary
// it writes to noteSummary. Summaries written by another process (several app servers
// on one MongoDB) arrive through a background catch-up on updatedAt once a minute.
// Memory: a few hundred bytes per person.
//
// After a start, the copy comes from a sealed snapshot read by _id when there is one
// (server/domain/hr/summary-snapshot.ts: exact, since no summary was written after it);
// otherwise every summary is read. The first catch-up after a start from the snapshot
// reads every summary again, a minute later, off the request path.

export interface SummaryEntry {
  user: string
  name: string
  email: string
  department: string | null
  jobRole: string
  startDate: Date
  active: boolean
  done: number
  required: number
  progress: number
  dueAt: Date | null
  certifiedUntil: Date | null
  onboardedAt: Date | null
  /** Exempt from every assigned path: counted apart, never overdue. */
  exempt: boolean
  updatedAt: Date
  rev: number
  paths: { path: string, title: string, exempt: boolean, required: number, done: number, dueAt: Date | null, certificate: { code: string, issuedAt: Date, expiresAt: Date } | null }[]
}

interface SummaryLike {
  user: Types.ObjectId | string
  name: string
  email: string
  department?: Types.ObjectId | string | null
  jobRole?: string | null
  startDate: Date
  active: boolean
  done: number
  required: number
  progress: number
  dueAt?: Date | null
  certifiedUntil?: Date | null
  onboardedAt?: Date | null
  exempt?: boolean | null
  updatedAt: Date
  rev?: number | null
  paths?: { path?: string | null, title: string, exempt?: boolean | null, required?: number | null, done?: number | null, dueAt?: Date | null, certificate?: { code?: string | null, issuedAt?: Date | null, expiresAt?: Date | null } | null }[] | null
}

export const PROJECTION = {
  _id: 0, user: 1, name: 1, email: 1, department: 1, jobRole: 1, startDate: 1, active: 1, done: 1, required: 1,
  progress: 1, dueAt: 1, certifiedUntil: 1, onboardedAt: 1, exempt: 1, updatedAt: 1, rev: 1, paths: 1,
} as const
const CATCH_UP_EVERY_MS = 60_000
// A write that started before the last catch-up may land after it: look back this far.
const CATCH_UP_OVERLAP_MS = 5 * 60_000

const byUser = new Map<string, SummaryEntry>()
let loaded: Promise<void> | undefined
let caughtUpTo = 0
let lastCatchUp = 0
let catchingUp: Promise<void> | undefined
let version = 0
let complete = false

// Sealing a snapshot takes the copy only once it holds every summary.
summarySnapshotSource(() => (complete ? byUser.values() : undefined))

export function entryOf(s: SummaryLike): SummaryEntry {
  return {
    user: String(s.user),
    name: s.name,
    email: s.email,
    department: s.department ? String(s.department) : null,
    jobRole: s.jobRole ?? '',
    startDate: s.startDate,
    active: s.active,
    done: s.done,
    required: s.required,
    progress: s.progress,
    dueAt: s.dueAt ?? null,
    certifiedUntil: s.certifiedUntil ?? null,
    onboardedAt: s.onboardedAt ?? null,
    exempt: s.exempt ?? false,
    updatedAt: s.updatedAt,
    rev: s.rev ?? 0,
    paths: (s.paths ?? []).map(p => ({
      path: p.path ?? '',
      title: p.title,
      exempt: p.exempt ?? false,
      required: p.required ?? 0,
      done: p.done ?? 0,
      dueAt: p.dueAt ?? null,
      certificate: p.certificate?.code && p.certificate.issuedAt && p.certificate.expiresAt
        ? { code: p.certificate.code, issuedAt: p.certificate.issuedAt, expiresAt: p.certificate.expiresAt }
        : null,
    })),
  }
}

/**
 * Keeps the newer of two versions of a person's summary: the one computed from the later
 * revision of their record, and of two from the same revision, the later computation.
 */
function put(entry: SummaryEntry) {
  const known = byUser.get(entry.user)
  if (known && known.rev > entry.rev) return
  if (known && known.rev === entry.rev && known.updatedAt >= entry.updatedAt) {
    // The same write seen again (a catch-up overlaps the last one) changes nothing.
    if (known.updatedAt > entry.updatedAt || JSON.stringify(known) === JSON.stringify(entry)) return
  }
  byUser.set(entry.user, entry)
  version++
}

/** Called by refreshLearner with every summary it writes (kept on FerretDB only). */
export function noteSummary(summary: SummaryLike) {
  if (databaseEngine() !== 'ferretdb') return
  put(entryOf(summary))
}

async function readSince(since: number) {
  const started = Date.now()
  const filter = since ? { updatedAt: { $gte: new Date(since - CATCH_UP_OVERLAP_MS) } } : {}
  for await (const summary of LearnerSummaryModel.find(filter, PROJECTION).lean().cursor()) put(entryOf(summary as unknown as SummaryLike))
  caughtUpTo = started
  lastCatchUp = Date.now()
}

/**
 * Every person's summary (deactivated people included; readers leave them out). The first
 * call reads them all; later calls catch up in the background once a minute.
 */
async function load() {
  const snapshot = await readSummarySnapshot()
  if (snapshot) {
    for (const entry of snapshot) put(entry)
    // The first catch-up, a minute from now, reads every summary (caughtUpTo 0).
    lastCatchUp = Date.now()
    console.info(`[hr] learner summaries: ${snapshot.length} read from the sealed snapshot`)
  }
  else {
    await readSince(0)
    console.info(`[hr] learner summaries: ${byUser.size} read one by one (no sealed snapshot)`)
  }
  complete = true
  summariesLoaded()
}

export async function summaries(): Promise<{ entries: Iterable<SummaryEntry>, version: number }> {
  if (!loaded) {
    loaded = load().catch((error) => {
      loaded = undefined
      throw error
    })
  }
  await loaded
  if (!catchingUp && Date.now() - lastCatchUp > CATCH_UP_EVERY_MS) {
    catchingUp = readSince(caughtUpTo)
      .catch(error => console.warn(`[hr] catching up on learner summaries failed: ${(error as Error).message}`))
      .finally(() => {
        catchingUp = undefined
      })
  }
  return { entries: byUser.values(), version }
}
