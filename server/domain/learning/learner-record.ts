import type { Collection, UpdateFilter } from 'mongodb'
import { Types } from 'mongoose'
import { LearnerRecordModel, type CertificateFact, type LearnerRecord, type QuizAttemptFact, type RemedyFact, type ScenarioRunFact } from '../../models/learner-record'
import { forWrites } from '../../utils/db-engine'

// The learner's facts document (server/models/learner-record.ts holds its interfaces).
// The typed writers below are the only code that sets its keys: a fact's shape and its
// dotted key are spelled here and nowhere else.

const EMPTY = { lessons: {}, quizAttempts: {}, scenarioRuns: {}, certificates: {}, lessonOpens: {}, remedies: {} }

export const asObjectId = (id: Types.ObjectId | string) => typeof id === 'string' ? new Types.ObjectId(id) : id

// The hot paths read and write the record through the driver: the document is read whole by
// `_id` and every key is set by the writers below, so Mongoose's casting and query machinery
// (about half a millisecond of CPU per operation) buys nothing here.
type RecordCollection = Collection<LearnerRecord>
const records = () => LearnerRecordModel.collection as unknown as RecordCollection
const recordWrites = () => forWrites(LearnerRecordModel).collection as unknown as RecordCollection

export async function getLearnerRecord(userId: Types.ObjectId | string): Promise<LearnerRecord> {
  const _id = asObjectId(userId)
  const record = await records().findOne({ _id })
  return { _id, ...EMPTY, ...record } as LearnerRecord
}

type FactUpdate = { $set?: Record<string, unknown>, $min?: Record<string, unknown>, $max?: Record<string, unknown> }

/** A new record's empty maps, as the schema's defaults give them: those the update does not reach. */
function emptyOnInsert(update: FactUpdate) {
  const reached = new Set(Object.values(update).flatMap(fields => Object.keys(fields ?? {}).map(path => path.split('.')[0])))
  const fields = Object.entries(EMPTY).filter(([key]) => !reached.has(key))
  return fields.length ? { $setOnInsert: Object.fromEntries(fields) } : {}
}

/**
 * Sets facts by dotted path and bumps the record's revision, in one atomic operation
 * (upserting the record). Returns the record after it. Private: call a typed writer below.
 */
async function noteFacts(userId: Types.ObjectId | string, update: FactUpdate, unless: Record<string, unknown> = {}): Promise<LearnerRecord> {
  const _id = asObjectId(userId)
  try {
    const record = await recordWrites().findOneAndUpdate(
      { _id, ...unless },
      { ...update, $inc: { rev: 1 }, ...emptyOnInsert(update) } as UpdateFilter<LearnerRecord>,
      { upsert: true, returnDocument: 'after' },
    )
    return { ...EMPTY, ...record } as LearnerRecord
  }
  catch (error) {
    // `unless` excluded the record, so the upsert tried to insert it again: the record
    // already holds a later state of this fact, which stays.
    if (Object.keys(unless).length && isDuplicateKey(error)) return getLearnerRecord(_id)
    throw error
  }
}

/**
 * A lesson read at `at`. `$min` keeps the first reading, whichever request lands
 * first; returns the date the record holds.
 */
export async function noteLesson(userId: Types.ObjectId | string, course: string, lesson: string, at: Date): Promise<Date> {
  const key = `${course}/${lesson}`
  const record = await noteFacts(userId, { $min: { [`lessons.${key}`]: at } })
  return new Date(record.lessons[key] ?? at)
}

/**
 * The person's profile changed (name, email, department, job role, start date, active):
 * summaries computed before are older, and a copy of the person read before `at` is stale
 * (refreshLearner then reads the person again). Call it after the change is written.
 */
export async function noteProfileChange(userId: Types.ObjectId | string, at = new Date()) {
  await noteFacts(userId, { $max: { profileChangedAt: at } })
}

/** The first opening of a lesson ($min: opening it again keeps the first). */
export async function noteLessonOpened(userId: Types.ObjectId | string, course: string, lesson: string, at: Date) {
  await forWrites(LearnerRecordModel).updateOne({ _id: asObjectId(userId) }, { $min: { [`lessonOpens.${course}/${lesson}`]: at } }, { upsert: true, strict: false })
}

/**
 * A remedy, written only if the record is still at the remedy revision it was decided on
 * (`revision`, undefined for none yet): one conditional update, or an insert of a new
 * record guarded by its _id. Returns false when another remedy landed first.
 */
export async function noteRemedy(userId: Types.ObjectId | string, id: string, fact: RemedyFact, revision: number | undefined): Promise<boolean> {
  const filter = { _id: asObjectId(userId), remedyRevision: revision === undefined ? { $exists: false } : revision }
  try {
    // rev moves too: an exemption or a new due date changes the person's summary.
    const result = await forWrites(LearnerRecordModel).updateOne(filter, { $set: { [`remedies.${id}`]: fact }, $inc: { remedyRevision: 1, rev: 1 } }, { upsert: true, strict: false })
    return result.matchedCount + result.upsertedCount > 0
  }
  catch (error) {
    // The upsert met an existing record whose revision moved on (its _id is taken).
    if (isDuplicateKey(error)) return false
    throw error
  }
}

interface AttemptLike {
  _id: Types.ObjectId | string
  user: Types.ObjectId
  quiz: string
  version?: string | null
  number: number
  status: string
  startedAt: Date
  submittedAt?: Date | null
  passed?: boolean | null
  score?: number | null
}

export function quizAttemptFact(attempt: AttemptLike): QuizAttemptFact {
  const version = attempt.version ? { version: attempt.version } : {}
  if (attempt.status !== 'submitted') return { quiz: attempt.quiz, ...version, number: attempt.number, status: 'in-progress', startedAt: attempt.startedAt }
  return { quiz: attempt.quiz, ...version, number: attempt.number, status: 'submitted', startedAt: attempt.startedAt, submittedAt: attempt.submittedAt!, passed: attempt.passed!, score: attempt.score! }
}

/**
 * A quiz attempt as it stands: started, or submitted with its outcome. A fact only moves
 * forward: noting "in progress" (from a copy read before the submission) leaves a
 * submitted fact alone.
 */
export function noteQuizAttempt(attempt: AttemptLike) {
  const key = `quizAttempts.${attempt._id}`
  const fact = quizAttemptFact(attempt)
  return noteFacts(attempt.user, { $set: { [key]: fact } }, fact.status === 'submitted' ? {} : { [`${key}.status`]: { $ne: 'submitted' } })
}

interface RunLike {
  _id: Types.ObjectId | string
  user: Types.ObjectId
  scenario: string
  number: number
  status: string
  version: string
  startedAt: Date
  completedAt?: Date | null
  passed?: boolean | null
  review?: { status: 'pending' | 'reviewed' } | null
}

export function scenarioRunFact(run: RunLike): ScenarioRunFact {
  const fact: ScenarioRunFact = { scenario: run.scenario, number: run.number, status: run.status as ScenarioRunFact['status'], version: run.version, startedAt: run.startedAt }
  if (run.status === 'completed') Object.assign(fact, { completedAt: run.completedAt!, passed: run.passed! })
  if (run.status === 'completed' && run.review) fact.review = run.review.status
  return fact
}

/**
 * A role-play run as it stands: in progress, completed with its outcome, or abandoned.
 * A fact only moves forward: noting "in progress" leaves a finished run's fact alone.
 */
export function noteScenarioRun(run: RunLike) {
  const key = `scenarioRuns.${run._id}`
  const fact = scenarioRunFact(run)
  // A fact only moves forward: "in progress" never overwrites a finished run, and an
  // unreviewed copy (read before a trainer's review landed) never overwrites a reviewed one.
  const unless = fact.status === 'in-progress'
    ? { [`${key}.status`]: { $nin: ['completed', 'abandoned'] } }
    : fact.review === 'pending' ? { [`${key}.review`]: { $ne: 'reviewed' } } : {}
  return noteFacts(run.user, { $set: { [key]: fact } }, unless)
}

interface CertificateLike { _id: string, user: Types.ObjectId, path: string, cycle: number, issuedAt: Date, expiresAt: Date }

/** A certificate issued. */
export function noteCertificate(certificate: CertificateLike) {
  const fact: CertificateFact = { path: certificate.path, cycle: certificate.cycle, issuedAt: certificate.issuedAt, expiresAt: certificate.expiresAt }
  return noteFacts(certificate.user, { $set: { [`certificates.${certificate._id}`]: fact } })
}

/** A certificate revoked at `at`. */
export function noteRevocation(certificate: { _id: string, user: Types.ObjectId }, at: Date) {
  return noteFacts(certificate.user, { $set: { [`certificates.${certificate._id}.revokedAt`]: at } })
}
