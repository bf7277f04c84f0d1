import mongoose, { Schema } from 'mongoose'

// One document per learner (_id = the user's id) listing the learning facts their
// progress is computed from: lessons read, attempts and runs with their outcome,
// certificates. FerretDB on SQLite pushes down only a filter on _id, so a learning
// event reads and writes this one document instead of scanning the raw collections.
// Only the typed writers in server/domain/learning/learner-record.ts set its keys.
const learnerRecordSchema = new Schema({
  _id: { type: Schema.Types.ObjectId, required: true },
  // "course/lesson" → when it was first read
  lessons: { type: Schema.Types.Mixed, default: {} },
  // attempt id → { quiz, number, status, startedAt, submittedAt?, passed?, score? }
  quizAttempts: { type: Schema.Types.Mixed, default: {} },
  // run id → { scenario, number, status, version, startedAt, completedAt?, passed? }
  scenarioRuns: { type: Schema.Types.Mixed, default: {} },
  // certificate code → { path, cycle, issuedAt, expiresAt, revokedAt? }
  certificates: { type: Schema.Types.Mixed, default: {} },
  // Bumped by every write of a fact (and by edits of the person): a summary computed from
  // revision n is written only over a summary of revision n or older.
  rev: { type: Number, default: 0 },
  // "course/lesson" → when the learner first opened it (the reading floor counts from here)
  lessonOpens: { type: Schema.Types.Mixed, default: {} },
  // remedy id → what a trainer, HR or an administrator granted (server/domain/remedies)
  remedies: { type: Schema.Types.Mixed, default: {} },
  // Bumped by every remedy: a remedy's write carries the revision it was decided on.
  remedyRevision: { type: Number },
  // When the person's profile (name, email, department, job role, start date, active) last
  // changed, stamped after the change: a summary may use the person as a request read them
  // only when this is older than that read (server/domain/learning/refresh-learner.ts).
  profileChangedAt: { type: Date },
}, { minimize: false, versionKey: false })

// version: the quiz's content version (facts noted before 2 Dec 2026 lack it); the trainer's
// running sums count a learner once per quiz and version from it (server/domain/trainer/quiz-sums.ts).
export interface QuizAttemptFact { quiz: string, version?: string, number: number, status: 'in-progress' | 'submitted', startedAt: Date, submittedAt?: Date, passed?: boolean, score?: number }
export interface ScenarioRunFact { scenario: string, number: number, status: 'in-progress' | 'completed' | 'abandoned', version: string, startedAt: Date, completedAt?: Date, passed?: boolean, review?: 'pending' | 'reviewed' }
export interface CertificateFact { path: string, cycle: number, issuedAt: Date, expiresAt: Date, revokedAt?: Date | null }

export type RemedyKind = 'extra-attempts' | 'lift-cooldown' | 'extend-due-date' | 'exempt'
export interface RemedyFact {
  kind: RemedyKind
  /** quiz or scenario id (attempts, cooldown) or path id (due date, exemption) */
  item: { type: 'quiz' | 'scenario' | 'path', id: string }
  attempts?: number
  /** extend-due-date: the new and the previous due date, and the certification cycle they apply to */
  dueAt?: Date
  previousDueAt?: Date
  cycle?: number
  reason: string
  actor: string
  actorName: string
  at: Date
}

export interface LearnerRecord {
  _id: mongoose.Types.ObjectId
  lessons: Record<string, Date>
  quizAttempts: Record<string, QuizAttemptFact>
  scenarioRuns: Record<string, ScenarioRunFact>
  certificates: Record<string, CertificateFact>
  rev?: number
  lessonOpens: Record<string, Date>
  remedies: Record<string, RemedyFact>
  remedyRevision?: number
  profileChangedAt?: Date
}

export const LearnerRecordModel = mongoose.models.LearnerRecord as mongoose.Model<LearnerRecord>
  ?? mongoose.model<LearnerRecord>('LearnerRecord', learnerRecordSchema)
