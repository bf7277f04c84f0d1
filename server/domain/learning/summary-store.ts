import { Types } from 'mongoose'
import { LearnerSummaryModel } from '../../models/learner-summary'
import { databaseEngine } from '../../utils/db-engine'
import { entryOf, PROJECTION, summaries, type SummaryEntry } from './summary-cache'

// Where the HR dashboards read learner summaries from: one interface, two adapters,
// chosen by the database engine (server/utils/db-engine.ts).
//
// - MongoDB: a query per request through the summaries' indexes ({ active, department }
//   for the organisation, { department, active, name } for one department). Nothing is
//   held in the process, so any number of app processes show the same figures; the
//   overview, which costs a read of every active summary, is reused for at most
//   SUMMARY_DELAY_MS within one process.
// - FerretDB (embedded): every summary is held in this process (summary-cache.ts),
//   because FerretDB on SQLite scans the whole collection for any filter other than
//   _id. Exact, since the one app process writes them all.

/** How long an HR figure changed through another app process may take to show (MongoDB). */
export const SUMMARY_DELAY_MS = 10_000

type Summary = Parameters<typeof entryOf>[0]

/** The active people's summaries, of one department (its id) if given. */
export async function activeSummaries(department?: string): Promise<SummaryEntry[]> {
  if (databaseEngine() === 'ferretdb') {
    const out: SummaryEntry[] = []
    for (const entry of (await summaries()).entries) {
      if (entry.active && (department === undefined || entry.department === department)) out.push(entry)
    }
    return out
  }
  const filter = department === undefined
    ? { active: true }
    : { department: Types.ObjectId.isValid(department) ? new Types.ObjectId(department) : department, active: true }
  const found = await LearnerSummaryModel.find(filter, PROJECTION).lean()
  return found.map(s => entryOf(s as unknown as Summary))
}

/**
 * A key that changes whenever the summaries may have: the in-memory copy's version on
 * FerretDB; on MongoDB, a clock tick of SUMMARY_DELAY_MS.
 */
export async function summariesVersion(): Promise<string> {
  if (databaseEngine() === 'ferretdb') return `v${(await summaries()).version}`
  return `t${Math.floor(Date.now() / SUMMARY_DELAY_MS)}`
}
