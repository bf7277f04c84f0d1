import mongoose, { Schema, type InferSchemaType } from 'mongoose'

const lessonCompletionSchema = new Schema({
  // "<user id>:<course>/<lesson>", so a request that loses the race to create it reads
  // the winner's by _id. (Completions written before this rule have ObjectId ids.)
  _id: { type: String, required: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  course: { type: String, required: true },
  lesson: { type: String, required: true },
  completedAt: { type: Date, required: true },
})

// One completion per learner and lesson: marking it again is a no-op (upsert).
lessonCompletionSchema.index({ user: 1, course: 1, lesson: 1 }, { unique: true })

export type LessonCompletion = InferSchemaType<typeof lessonCompletionSchema>
export const LessonCompletionModel = mongoose.models.LessonCompletion as mongoose.Model<LessonCompletion>
  ?? mongoose.model('LessonCompletion', lessonCompletionSchema)
