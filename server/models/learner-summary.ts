import mongoose, { Schema, type InferSchemaType } from 'mongoose'

// The materialised view dashboards read: one document per learner, rewritten from
// that learner's own records after every learning event (server/domain/learning/refresh-learner.ts).
// Time-dependent states (overdue, expiring) are derived at read time from the dates.

const pathProgressSchema = new Schema({
  path: { type: String, required: true },
  title: { type: String, required: true },
  required: { type: Number, required: true },
  done: { type: Number, required: true },
  dueAt: { type: Date, required: true },
  completedAt: Date,
  // The person is exempt from this path (a remedy): left out of their counts and due date.
  exempt: { type: Boolean, default: false },
  certificate: {
    code: String,
    issuedAt: Date,
    expiresAt: Date,
  },
}, { _id: false })

const learnerSummarySchema = new Schema({
  // The learner's user id, so a refresh writes by _id (the one filter FerretDB pushes down).
  _id: { type: Schema.Types.ObjectId, required: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  name: { type: String, required: true },
  email: { type: String, required: true },
  department: { type: Schema.Types.ObjectId, ref: 'Department' },
  jobRole: { type: String, default: '' },
  startDate: { type: Date, required: true },
  active: { type: Boolean, required: true },
  paths: { type: [pathProgressSchema], default: [] },
  // Across every path assigned to the learner (their onboarding).
  required: { type: Number, required: true },
  done: { type: Number, required: true },
  progress: { type: Number, required: true },
  started: { type: Boolean, required: true },
  dueAt: Date,
  // Exempt from every assigned path: HR counts them apart, never as overdue.
  exempt: { type: Boolean, default: false },
  completedAt: Date,
  // Holds a valid certificate for every assigned path until this date (earliest expiry).
  certifiedUntil: Date,
  // When onboarding was first finished: every assigned path had been certified at least
  // once (the latest of those first certificates). Unlike completedAt it survives expiry
  // and recertification, so the weekly onboarding chart can be drawn from summaries.
  onboardedAt: Date,
  lessonsCompleted: { type: Number, default: 0 },
  quizzesPassed: { type: Number, default: 0 },
  scenariosPassed: { type: Number, default: 0 },
  lastActivityAt: Date,
  updatedAt: { type: Date, required: true },
  // The learner record's revision this summary was computed from: a summary is written
  // only over one of the same or an older revision, so a slow recomputation never
  // replaces a newer one.
  rev: { type: Number, default: 0 },
})

learnerSummarySchema.index({ user: 1 }, { unique: true })
// Department pages: the people of one department, sorted by name.
learnerSummarySchema.index({ department: 1, active: 1, name: 1 })
// Organisation overview and action lists: grouping active people by department.
learnerSummarySchema.index({ active: 1, department: 1 })
// HR dashboards: catching up on summaries another app process wrote (server/domain/learning/summary-cache.ts).
learnerSummarySchema.index({ updatedAt: 1 })

export type LearnerSummary = InferSchemaType<typeof learnerSummarySchema>
export const LearnerSummaryModel = mongoose.models.LearnerSummary as mongoose.Model<LearnerSummary>
  ?? mongoose.model('LearnerSummary', learnerSummarySchema)
