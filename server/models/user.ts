import mongoose, { Schema, type InferSchemaType } from 'mongoose'
import { ROLES } from '../../shared/schemas/accounts'
import { UserEmailModel } from './user-email'

const userSchema = new Schema({
  // Stored lower-case (the schemas normalise it), so the unique index is case-insensitive.
  email: { type: String, required: true },
  name: { type: String, required: true },
  // Empty until the person sets a password from their invitation link.
  passwordHash: { type: String, default: '' },
  role: { type: String, enum: ROLES, required: true, default: 'staff' },
  department: { type: Schema.Types.ObjectId, ref: 'Department' },
  jobRole: { type: String, default: '' },
  startDate: { type: Date, required: true },
  active: { type: Boolean, required: true, default: true },
  // Bumped when the password changes or the account is deactivated: older sessions stop working.
  sessionVersion: { type: Number, required: true, default: 0 },
  // Bumped by every write of the account (updateAccount, server/domain/accounts/account-facts.ts),
  // in the same operation: the copy of its facts on each session follows only newer revisions.
  accountRevision: { type: Number, default: 0 },
  // Optional e-mails the person turned off (shared/schemas/mail.ts OPTIONAL_KINDS).
  mailOptOut: { type: [String], default: [] },
}, { timestamps: true })

userSchema.index({ email: 1 }, { unique: true })
userSchema.index({ department: 1, active: 1 })

// Keep the email lookup (user-email.ts) in step with every write made through the model.
const noteEmail = (doc: { _id: unknown, email?: string } | null) => doc?.email
  ? UserEmailModel.updateOne({ _id: doc.email }, { $set: { user: doc._id } }, { upsert: true }).then(() => undefined)
  : Promise.resolve()
userSchema.post('save', async doc => noteEmail(doc))
userSchema.post('insertMany', async function (docs: unknown) {
  for (const doc of docs as { _id: unknown, email?: string }[]) await noteEmail(doc)
})
userSchema.post('findOneAndUpdate', async (doc: { _id: unknown, email?: string } | null) => noteEmail(doc))

export type User = InferSchemaType<typeof userSchema>
export const UserModel = mongoose.models.User as mongoose.Model<User>
  ?? mongoose.model('User', userSchema)
