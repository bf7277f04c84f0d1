import mongoose, { Schema, type InferSchemaType } from 'mongoose'

// A trainer's unpublished content change in Git mode: the branch is the change, this
// document only remembers what Git cannot, the pull or merge request opened for it.
const contentChangeSchema = new Schema({
  // The branch name, e.g. content/<user id>/quizzes-soft-skills-quiz: read and written by _id only.
  _id: { type: String, required: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  pullRequest: { type: String, default: '' },
}, { timestamps: true })

export type ContentChange = InferSchemaType<typeof contentChangeSchema>
export const ContentChangeModel = mongoose.models.ContentChange as mongoose.Model<ContentChange>
  ?? mongoose.model('ContentChange', contentChangeSchema)
