import mongoose, { Schema, type InferSchemaType } from 'mongoose'

// The embedded engine's snapshot of the HR dashboards' copy of the learner summaries
// (server/domain/hr/summary-snapshot.ts), read by `_id` when the app starts instead of
// every summary. Two documents: `learner-summaries`, the head (`state` sealed or open, the
// process that owns it, the generation sealed), and `learner-summaries:data`, the
// generation's entries (gzip of compact JSON). Written through the single write
// connection, by `_id` only.
const summarySnapshotSchema = new Schema({
  _id: { type: String, required: true },
  state: { type: String, enum: ['open', 'sealed'] },
  owner: String,
  gen: String,
  format: Number,
  count: Number,
  takenAt: Date,
  openedAt: Date,
  sealedAt: Date,
  data: Buffer,
}, { versionKey: false })

export type SummarySnapshot = InferSchemaType<typeof summarySnapshotSchema>
export const SummarySnapshotModel = mongoose.models.SummarySnapshot as mongoose.Model<SummarySnapshot>
  ?? mongoose.model('SummarySnapshot', summarySnapshotSchema, 'summarysnapshots')
