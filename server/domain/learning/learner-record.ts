import { Types } from 'mongoose'
import { LearnerRecordModel, type CertificateFact, type LearnerRecord, type QuizAttemptFact, type RemedyFact, type ScenarioRunFact } from '../../models/learner-record'

// The learner's facts document (server/models/learner-record.ts holds its interfaces).
// The typed writers below are the only code that sets its keys: a fact's shape and its
// dotted key are spelled here and nowhere else.

const EMPTY = { lessons: {}, quizAttempts: {}, scenarioRuns: {}, certificates: {}, lessonOpens: {}, remedies: {} }

export const asObjectId = (id: Types.ObjectId | string) => typeof id === 'string' ? new Types.ObjectId(id) : id

export async function getLearnerRecord(userId: Types.ObjectId | string): Promise<LearnerRecord> {
  const _id = asObjectId(userId)
  const record = await LearnerRecordModel.findById(_id).lean()
  return { _id, ...EMPTY, ...record } as LearnerRecord
}

/** Sets facts by dotted path. Private: call one of the typed writers below. */
async function noteFacts(userId: Types.ObjectId | string, facts: Record<string, unknown>) {
  await LearnerRecordModel.updateOne({ _id: asObjectId(userId) }, { $set: facts }, { upsert: true, strict: false })
}

/** A lesson read at `at` (the first reading is the one that counts). */
export function noteLesson(userId: Types.ObjectId | string, course: string, lesson: string, at: Date) {
  return noteFacts(userId, { [`lessons.${course}/${lesson}`]: at })
}

/** The first opening of a lesson ($min: opening it again keeps the first). */
export async function noteLessonOpened(userId: Types.ObjectId | string, course: string, lesson: string, at: Date) {
  await LearnerRecordModel.updateOne({ _id: asObjectId(userId) }, { $min: { [`lessonOpens.${course}/${lesson}`]: at } }, { upsert: true, strict: false })
}

/**
 * A remedy, written only if the record is still at the remedy revision it was decided on
 * (`revision`, undefined for none yet): one conditional update, or an insert of a new
 * record guarded by its _id. Returns false when another remedy landed first.
 */
export async function noteRemedy(userId: Types.ObjectId | string, id: string, fact: RemedyFact, revision: number | undefined): Promise<boolean> {
  const filter = { _id: asObjectId(userId), remedyRevision: revision === undefined ? { $exists: false } : revision }
  try {
    const result = await LearnerRecordModel.updateOne(filter, { $set: { [`remedies.${id}`]: fact }, $inc: { remedyRevision: 1 } }, { upsert: true, strict: false })
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
  number: number
  status: string
  startedAt: Date
  submittedAt?: Date | null
  passed?: boolean | null
  score?: number | null
}

export function quizAttemptFact(attempt: AttemptLike): QuizAttemptFact {
  if (attempt.status !== 'submitted') return { quiz: attempt.quiz, number: attempt.number, status: 'in-progress', startedAt: attempt.startedAt }
  return { quiz: attempt.quiz, number: attempt.number, status: 'submitted', startedAt: attempt.startedAt, submittedAt: attempt.submittedAt!, passed: attempt.passed!, score: attempt.score! }
}

/** A quiz attempt as it stands: started, or submitted with its outcome. */
export function noteQuizAttempt(attempt: AttemptLike) {
  return noteFacts(attempt.user, { [`quizAttempts.${attempt._id}`]: quizAttemptFact(attempt) })
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
}

export function scenarioRunFact(run: RunLike): ScenarioRunFact {
  const fact: ScenarioRunFact = { scenario: run.scenario, number: run.number, status: run.status as ScenarioRunFact['status'], version: run.version, startedAt: run.startedAt }
  if (run.status === 'completed') Object.assign(fact, { completedAt: run.completedAt!, passed: run.passed! })
  return fact
}

/** A role-play run as it stands: in progress, completed with its outcome, or abandoned. */
export function noteScenarioRun(run: RunLike) {
  return noteFacts(run.user, { [`scenarioRuns.${run._id}`]: scenarioRunFact(run) })
}

interface CertificateLike { _id: string, user: Types.ObjectId, path: string, cycle: number, issuedAt: Date, expiresAt: Date }

/** A certificate issued. */
export function noteCertificate(certificate: CertificateLike) {
  const fact: CertificateFact = { path: certificate.path, cycle: certificate.cycle, issuedAt: certificate.issuedAt, expiresAt: certificate.expiresAt }
  return noteFacts(certificate.user, { [`certificates.${certificate._id}`]: fact })
}

/** A certificate revoked at `at`. */
export function noteRevocation(certificate: { _id: string, user: Types.ObjectId }, at: Date) {
  return noteFacts(certificate.user, { [`certificates.${certificate._id}.revokedAt`]: at })
}
