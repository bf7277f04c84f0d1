import mongoose, { Schema, type InferSchemaType } from 'mongoose'
import { ROLES } from '../../shared/schemas/accounts'

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
  // Optional e-mails the person turned off (shared/schemas/mail.ts OPTIONAL_KINDS).
  mailOptOut: { type: [String], default: [] },
}, { timestamps: true })

userSchema.index({ email: 1 }, { unique: true })
userSchema.index({ department: 1, active: 1 })

export type User = InferSchemaType<typeof userSchema>
export const UserModel = mongoose.models.User as mongoose.Model<User>
  ?? mongoose.model('User', userSchema)
