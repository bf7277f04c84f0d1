import { Schema } from 'mongoose'

// A trainer's feedback on a quiz attempt or role-play run; the learner sees it on the result.
export const coachingNoteSchema = new Schema({
  author: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  authorName: { type: String, required: true },
  text: { type: String, required: true },
  at: { type: Date, required: true },
}, { _id: false })
