import { createHash } from 'node:crypto'
import type { Types } from 'mongoose'
import { LearnerSummaryModel } from '../../models/learner-summary'
import { DepartmentModel } from '../../models/department'
import { UserModel } from '../../models/user'
import { getContentLibrary } from '../content/content-store'
import { noteSummary } from './summary-cache'
import { withSummaryWrite } from '../hr/summary-snapshot'
import { databaseEngine, forWrites } from '../../utils/db-engine'
import type { LearnerRecord } from '../../models/learner-record'
import type { CurrentUser } from '../../utils/auth'
import { asObjectId, getLearnerRecord } from './learner-record'
import { issueCertificate } from '../certificates/issue-certificate'
import { learnerSummary, personAsRead, recordsOf } from './summary-rules'
import { assignedPaths, pathProgress } from './path-progress'

/**
 * Recomputes one learner's progress from their own records, issues any certificate
 * they have just earned, and writes their summary document. Called in the same
 * request as every learning event; its cost depends on one learner's records only.
 *
 * No lock: the record is read first and its revision travels with the summary, which
 * is written only over a summary of the same or an older revision. Every writer changes
 * its data first and bumps the revision after (noteFacts does both in one operation),
 * so a computation that read the newer data also carries the newer revision, and one
 * that read older data loses to it. `asRead`: the person as the request read them, used
 * instead of reading them again unless the record says their profile changed since
 * (personAsRead); profile writers stamp that after their change (noteProfileChange).
 */
export async function refreshLearner(userId: Types.ObjectId | string, now = new Date(), read?: LearnerRecord, asRead?: CurrentUser) {
  const id = asObjectId(userId)
  // `read`: the record as the caller's own write just returned it (a fresh copy, with its revision).
  let record = read ?? await getLearnerRecord(id)
  const user = personAsRead(id, record, asRead) ?? await UserModel.findById(id).lean()
  if (!user) throw createError({ statusCode: 404, statusMessage: 'That person does not exist.' })
  const profile = { departmentSlug: await departmentSlug(user.department), jobRole: user.jobRole ?? '', startDate: user.startDate }

  const library = await getContentLibrary()
  const paths = assignedPaths(library, profile)
  let records = recordsOf(record)
  let progress = paths.map(p => pathProgress(library, p, profile, records, now))
  if (user.active && progress.some(p => p.complete && !p.certificate)) {
    for (const p of progress.filter(p => p.complete && !p.certificate)) await issueCertificate(user, p, now)
    record = await getLearnerRecord(id)
    records = recordsOf(record)
    progress = paths.map(p => pathProgress(library, p, profile, records, now))
  }

  const summary = { ...learnerSummary(user, progress, records, now), rev: record.rev ?? 0 }
  await writeSummary(user._id, summary)
  return { summary, progress, library, record }
}

// A department's slug never changes (the department route edits its name and lead only) and
// departments are not deleted, so the slug of an id, once read, holds in every process.
const slugs = new Map<string, string>()

async function departmentSlug(department: Types.ObjectId | null | undefined) {
  if (!department) return null
  const known = slugs.get(String(department))
  if (known !== undefined) return known
  const read = await DepartmentModel.findById(department, { slug: 1 }).lean()
  if (read) slugs.set(String(department), read.slug)
  return read?.slug ?? null
}

// The embedded engine's adapter (one app process per FerretDB database, which writes every
// summary): the revision and content of the last summary this process wrote or confirmed
// for each learner. A recomputation that changes nothing (a failed attempt, a retake, a
// lesson read again) is then not written, and one from an older revision than a summary
// already confirmed is not written either, as the database's revision guard would refuse it.
// Empty after a start, so the first summary of each learner is always written. Off on
// MongoDB, where other processes write summaries too: there every summary is written.
const confirmed = new Map<string, { rev: number, digest: string }>()

const digestOf = (summary: Record<string, unknown>) => {
  const { updatedAt: _updatedAt, rev: _rev, ...content } = summary
  return createHash('sha1').update(JSON.stringify(content)).digest('base64')
}

/**
 * Writes a summary unless a newer one (computed from a later revision of the record) is there,
 * and hands what it wrote to the HR copy (noteSummary, the embedded engine's adapter).
 */
async function writeSummary(_id: Types.ObjectId, summary: { rev: number } & Record<string, unknown>) {
  if (databaseEngine() === 'ferretdb') {
    const key = String(_id)
    const digest = digestOf(summary)
    const known = confirmed.get(key)
    if (known && known.rev > summary.rev) return false
    if (known?.digest === digest) {
      known.rev = summary.rev
      return false
    }
    const written = await writeSummaryDocument(_id, summary)
    const now = confirmed.get(key)
    if (written && (!now || now.rev <= summary.rev)) confirmed.set(key, { rev: summary.rev, digest })
    return written
  }
  return writeSummaryDocument(_id, summary)
}

function writeSummaryDocument(_id: Types.ObjectId, summary: { rev: number }) {
  // On the embedded engine the HR snapshot is marked open first (summary-snapshot.ts).
  return withSummaryWrite(async () => {
    const written = await upsertSummary(_id, summary)
    if (written) noteSummary(summary as Parameters<typeof noteSummary>[0])
    return written
  })
}

async function upsertSummary(_id: Types.ObjectId, summary: { rev: number }) {
  try {
    await forWrites(LearnerSummaryModel).updateOne(
      { _id, $or: [{ rev: { $lte: summary.rev } }, { rev: { $exists: false } }] },
      { $set: summary },
      { upsert: true },
    )
    return true
  }
  catch (error) {
    // The filter excluded the stored summary, so the upsert tried to insert a second one.
    if (isDuplicateKey(error)) return false
    throw error
  }
}
