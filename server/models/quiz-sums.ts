import mongoose, { Schema, type InferSchemaType } from 'mongoose'

// Running sums of one quiz version, kept up to date at each submission
// (server/domain/trainer/quiz-sums.ts) so the trainer's analysis reads a few small
// documents instead of every attempt. `_id` is `<quiz>:<version>`; every write is an
// atomic `$inc`/`$min`/`$max` by `_id`. The per-question sums live under `questions.<id>`
// (QuestionSums in server/domain/trainer/quiz-analysis.ts).
const quizSumsSchema = new Schema({
  _id: { type: String, required: true },
  quiz: { type: String, required: true },
  version: { type: String, required: true },
  attempts: { type: Number, default: 0 },
  passed: { type: Number, default: 0 },
  scoreSum: { type: Number, default: 0 },
  learners: { type: Number, default: 0 },
  newLearners: { type: Number, default: 0 },
  firstAt: Date,
  lastAt: Date,
  questions: { type: Schema.Types.Mixed, default: {} },
}, { minimize: false })

export type QuizSums = InferSchemaType<typeof quizSumsSchema>
export const QuizSumsModel = mongoose.models.QuizSums as mongoose.Model<QuizSums>
  ?? mongoose.model('QuizSums', quizSumsSchema, 'quizsums')

// Who has been counted: `<quiz>|<user>` and `<quiz>|<version>|<user>`, inserted once each
// (the `_id` is the guard), so a learner's second attempt does not count them again.
const quizLearnerSchema = new Schema({ _id: { type: String, required: true } }, { versionKey: false })
export const QuizLearnerModel = mongoose.models.QuizLearner as mongoose.Model<InferSchemaType<typeof quizLearnerSchema>>
  ?? mongoose.model('QuizLearner', quizLearnerSchema, 'quizlearners')
