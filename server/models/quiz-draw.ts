import mongoose, { Schema, type InferSchemaType } from 'mongoose'

// Written for attempts started on 2 Dec 2026 only, and read for those (since 3 Dec the
// version's questions are kept once instead: server/domain/quiz/version-questions.ts).
// What a quiz attempt fixed when it started, in a document of its own, written once:
// `_id` is the attempt's `_id`. `draw` is the order the attempt shows (the same array the
// attempt keeps), `questionsJson` the drawn questions exactly as defined then (keys included;
// never sent before submission), as one JSON string. The attempt itself, which every save
// and the grade rewrite, then stays small: the embedded FerretDB decodes and re-encodes a
// whole document on each update (docs/decisions.md, "A quiz attempt's drawn questions in a
// document of their own"). Read only when the attempt's quiz version is no longer the one the
// content library holds; otherwise the library's questions are the same (a version is a hash
// of the quiz). The insert is guarded by `_id`: a start that loses the race reads the
// winner's draw and creates the attempt with it.
const quizDrawSchema = new Schema({
  _id: { type: Schema.Types.ObjectId, required: true },
  quiz: { type: String, required: true },
  version: { type: String, required: true },
  draw: [{
    _id: false,
    question: { type: String, required: true },
    order: { type: [String], default: [] },
  }],
  questionsJson: { type: String, required: true },
}, { versionKey: false })

export type QuizDraw = InferSchemaType<typeof quizDrawSchema>
export const QuizDrawModel = mongoose.models.QuizDraw as mongoose.Model<QuizDraw>
  ?? mongoose.model('QuizDraw', quizDrawSchema, 'quizdraws')
