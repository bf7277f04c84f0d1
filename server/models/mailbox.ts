import mongoose, { Schema, type InferSchemaType } from 'mongoose'

// One document per person (_id = the user's id): the in-app notices and when HR or the
// scheduler last reminded them. Read and written by _id only.

const noticeSchema = new Schema({
  // The send-once key of the message it mirrors: a notice is added once per key.
  key: { type: String, required: true },
  kind: { type: String, required: true },
  title: { type: String, required: true },
  body: { type: String, required: true },
  link: { type: String, required: true },
  at: { type: Date, required: true },
  read: { type: Boolean, required: true, default: false },
}, { _id: false })

// A coaching note a trainer left on one of the person's results (the note itself stays on
// the attempt or run): `ref` names the note ("quiz-attempt:<id>@<at>"), so it is marked once.
const coachingMarkSchema = new Schema({
  ref: { type: String, required: true },
  at: { type: Date, required: true },
}, { _id: false })

const mailboxSchema = new Schema({
  _id: { type: Schema.Types.ObjectId, required: true },
  notices: { type: [noticeSchema], default: [] },
  // Bumped by every write, so marking notices read can expect the version it read.
  version: { type: Number, required: true, default: 0 },
  lastRemindedAt: Date,
  lastReminderKind: String,
  // The navigation's "new coaching note" marker: the notes left for this person, and the ones
  // they have opened, by ref (server/domain/learning/coaching-marker.ts). coachingSeenAt is the
  // time up to which notes counted as seen before notes were marked one by one (read only).
  coaching: { type: [coachingMarkSchema], default: [] },
  coachingSeen: { type: [String], default: [] },
  coachingSeenAt: Date,
})

export type Mailbox = InferSchemaType<typeof mailboxSchema>
export const MailboxModel = mongoose.models.Mailbox as mongoose.Model<Mailbox>
  ?? mongoose.model('Mailbox', mailboxSchema)
