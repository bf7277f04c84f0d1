import mongoose, { Schema, type InferSchemaType } from 'mongoose'
import { coachingNoteSchema } from './coaching-note'

const scenarioRunSchema = new Schema({
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  scenario: { type: String, required: true },
  version: { type: String, required: true },
  number: { type: Number, required: true },
  // abandoned: the scenario was edited while this run was in progress.
  status: { type: String, enum: ['in-progress', 'completed', 'abandoned'], required: true },
  node: { type: String, required: true },
  // When the current node was shown: the server times each answer itself.
  nodeShownAt: { type: Date, required: true },
  // node id → its reply ids in the order this run shows them (drawn at the start, kept).
  choiceOrder: { type: Schema.Types.Mixed, default: {} },
  // The transcript: what was said at each step, kept as text so it reads the same
  // after the scenario is edited.
  steps: [{
    _id: false,
    node: { type: String, required: true },
    customer: { type: String, default: '' },
    choice: { type: String, required: true },
    // The replies as they were shown at this step, in their order.
    shown: { type: [String], default: [] },
    reply: { type: String, required: true },
    feedback: { type: String, required: true },
    scores: { type: Schema.Types.Mixed, default: {} },
    // At a written node: the automatic findings on the learner's text (in reply) and the example reply.
    written: { type: Schema.Types.Mixed, default: null },
    ms: { type: Number, required: true },
    at: { type: Date, required: true },
  }],
  scores: { type: Schema.Types.Mixed, default: {} },
  startedAt: { type: Date, required: true },
  completedAt: Date,
  passed: Boolean,
  result: String,
  coaching: { type: [coachingNoteSchema], default: [] },
  // A run with written replies waits for a trainer's scorecard (RunReviewState below; set when
  // the run completes, written only by server/domain/trainer/run-reviews.ts).
  review: { type: Schema.Types.Mixed, default: null },
})

// Run numbers are unique per learner and scenario: a double start gives one run.
scenarioRunSchema.index({ user: 1, scenario: 1, number: 1 }, { unique: true })
// Trainer analysis reads every completed run of one scenario version.
scenarioRunSchema.index({ scenario: 1, version: 1, status: 1 })

/** One scorecard criterion of one written node: the score the checks propose and, once reviewed, the trainer's. */
export interface ScorecardLine { node: string, criterion: string, behaviour: string, checks: string[], proposed: number, score: number | null }
/** A trainer's comment on one sentence of a written reply (the quote is a part of the reply at that node). */
export interface ScorecardComment { node: string, quote: string, text: string }
/** An earlier review replaced by a correction, kept with who corrected it and why. */
export interface ScorecardCorrection { reviewerName: string, at: Date, reason: string, passed: boolean, previous: { reviewerName: string, at: Date, passed: boolean, scores: number[] } }
export interface RunReviewState {
  status: 'pending' | 'reviewed'
  /** 0 until the first review; each review or correction adds one (the conditional write's expected state). */
  revision: number
  /** The automatic result the run completed with. */
  autoPassed: boolean
  lines: ScorecardLine[]
  comments: ScorecardComment[]
  passed: boolean | null
  reviewer: string | null
  reviewerName: string | null
  reviewedAt: Date | null
  corrections: ScorecardCorrection[]
}

export type ScenarioRun = Omit<InferSchemaType<typeof scenarioRunSchema>, 'review'> & { review?: RunReviewState | null }
export const ScenarioRunModel = mongoose.models.ScenarioRun as mongoose.Model<ScenarioRun>
  ?? mongoose.model('ScenarioRun', scenarioRunSchema)
