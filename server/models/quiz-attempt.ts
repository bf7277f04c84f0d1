import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose'
import type { QuizQuestion } from '../../shared/schemas/content'
import { coachingNoteSchema } from './coaching-note'

const quizAttemptSchema = new Schema({
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  quiz: { type: String, required: true },
  version: { type: String, required: true },
  number: { type: Number, required: true },
  status: { type: String, enum: ['in-progress', 'submitted'], required: true },
  // The questions as drawn for this attempt: ids and the shuffled order of options/items.
  draw: [{
    _id: false,
    question: { type: String, required: true },
    order: { type: [String], default: [] },
  }],
  // Attempts started before 2 Dec 2026 (quizsnap) carry the drawn questions exactly as defined
  // when drawn: as one JSON string (`snapshotJson`), or before that as an array (`snapshot`).
  // Newer attempts keep only the draw: the questions are the library's version, kept once per
  // version for when the library moves on (server/domain/quiz/version-questions.ts; on 2 Dec
  // 2026, a draw document per attempt, server/models/quiz-draw.ts), so the attempt that every
  // save and the grade rewrite stays small (docs/decisions.md). Read them,
  // whichever way they were stored, with attemptQuestions() (server/domain/quiz/attempt-questions.ts).
  snapshotJson: String,
  snapshot: { type: [Schema.Types.Mixed], default: undefined },
  // The quiz's pass mark when the attempt was started: a content edit meanwhile does not
  // change how it is graded. Attempts from before this was kept have none (the quiz's then).
  passMark: Number,
  answers: { type: Schema.Types.Mixed, default: {} },
  // Bumped by every save of answers: a submission grades the answers of the revision it
  // read and is stored only if no save came in between.
  answersRev: { type: Number, default: 0 },
  startedAt: { type: Date, required: true },
  submittedAt: Date,
  score: Number,
  correct: Number,
  total: Number,
  passed: Boolean,
  results: [{
    _id: false,
    question: { type: String, required: true },
    skill: { type: String, required: true },
    correct: { type: Boolean, required: true },
  }],
  coaching: { type: [coachingNoteSchema], default: [] },
})

// Attempt numbers are unique per learner and quiz, so two tabs starting at once get one attempt.
quizAttemptSchema.index({ user: 1, quiz: 1, number: 1 }, { unique: true })
// Trainer analysis reads every submitted attempt of one quiz version.
quizAttemptSchema.index({ quiz: 1, version: 1, status: 1 })

export type QuizAttempt = InferSchemaType<typeof quizAttemptSchema>
/** An attempt as stored, read whole through the driver. */
export type QuizAttemptDoc = QuizAttempt & { _id: Types.ObjectId }

/** The questions an attempt from before 2 Dec 2026 carries itself; null for a newer attempt. */
export function legacySnapshot(attempt: { snapshotJson?: string | null, snapshot?: unknown[] | null }): QuizQuestion[] | null {
  if (attempt.snapshotJson) return JSON.parse(attempt.snapshotJson) as QuizQuestion[]
  return attempt.snapshot ? attempt.snapshot as QuizQuestion[] : null
}
export const QuizAttemptModel = mongoose.models.QuizAttempt as mongoose.Model<QuizAttempt>
  ?? mongoose.model('QuizAttempt', quizAttemptSchema)
