import mongoose, { Schema, type InferSchemaType } from 'mongoose'

// Failed sign-ins counted in the database, so every app process counts together. One
// document per key and 15-minute window, addressed by `_id`
// (`<kind>:<subject>:<window number>`, kinds in server/domain/accounts/sign-in-throttle.ts).
const signInThrottleSchema = new Schema({
  _id: { type: String, required: true },
  failures: { type: Number, required: true, default: 0 },
  lastFailureAt: { type: Date },
  // Account keys only: some of the addresses the failures came from (for admins, and to clear).
  addresses: { type: [String], default: undefined },
  expiresAt: { type: Date, required: true },
}, { versionKey: false, collection: 'sign_in_throttles' })

// MongoDB removes finished windows itself; on the embedded engine the hourly sweep does.
signInThrottleSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 })

export type SignInThrottle = InferSchemaType<typeof signInThrottleSchema>
export const SignInThrottleModel = mongoose.models.SignInThrottle as mongoose.Model<SignInThrottle>
  ?? mongoose.model('SignInThrottle', signInThrottleSchema)
