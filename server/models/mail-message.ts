import mongoose, { Schema, type InferSchemaType } from 'mongoose'

// One e-mail the app means to send, and its log entry (sent, skipped with a reason,
// failed). _id is the send-once key: kind + person + item + period (for example
// `overdue:<user>:<path>@<due date>:w2`). Inserting a message is guarded by that key,
// so however many app processes plan reminders, and however often, each reason and
// period gives one message. Sending is claimed attempt by attempt in MailClaim.

export const MAIL_STATUSES = ['pending', 'sent', 'skipped', 'failed'] as const
export type MailStatus = typeof MAIL_STATUSES[number]

const mailMessageSchema = new Schema({
  _id: { type: String, required: true },
  kind: { type: String, required: true },
  user: { type: Schema.Types.ObjectId, ref: 'User' },
  to: { type: String, default: '' },
  cc: { type: [String], default: [] },
  subject: { type: String, required: true },
  text: { type: String, required: true },
  html: { type: String, required: true },
  status: { type: String, enum: MAIL_STATUSES, required: true },
  // Why it was skipped or failed; the SMTP server's answer for a failed attempt.
  reason: { type: String, default: '' },
  // Sending attempts made so far; attempt n is claimed once, as `<_id>#<n>` in MailClaim.
  attempts: { type: Number, required: true, default: 0 },
  nextAttemptAt: { type: Date, required: true },
  claimedAt: Date,
  sentAt: Date,
  // Who asked for it, when a person did (HR's "Send reminder").
  requestedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  // Set by the app (its clock, which tests move), not by Mongoose timestamps.
  createdAt: { type: Date, required: true },
})

// The admin mail log, newest first, and the sender's sweep for messages still to send.
mailMessageSchema.index({ createdAt: -1 })
mailMessageSchema.index({ status: 1, nextAttemptAt: 1 })

export type MailMessage = InferSchemaType<typeof mailMessageSchema>
export const MailMessageModel = mongoose.models.MailMessage as mongoose.Model<MailMessage>
  ?? mongoose.model('MailMessage', mailMessageSchema)

// One document per sending attempt of one message. Inserting it is the claim: the
// unique _id lets exactly one process make attempt n, on MongoDB and on FerretDB alike.
const mailClaimSchema = new Schema({
  _id: { type: String, required: true },
  by: { type: String, required: true },
}, { timestamps: true })

export const MailClaimModel = mongoose.models.MailClaim as mongoose.Model<InferSchemaType<typeof mailClaimSchema>>
  ?? mongoose.model('MailClaim', mailClaimSchema)
