import mongoose, { Schema, type InferSchemaType } from 'mongoose'

// One signed-in browser. `_id` is the SHA-256 of the token sealed in the session cookie,
// so a leaked list of sessions cannot be turned into cookies. Read by `_id` on every request.
const sessionSchema = new Schema({
  _id: { type: String, required: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  createdAt: { type: Date, required: true },
  lastSeenAt: { type: Date, required: true },
  // The absolute end (createdAt + the configured lifetime); the idle end is lastSeenAt + idle time.
  expiresAt: { type: Date, required: true },
  device: { type: String, default: '' },
  address: { type: String, default: '' },
}, { versionKey: false })

// MongoDB removes expired sessions itself; on the embedded engine the hourly sweep does.
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 })

export type Session = InferSchemaType<typeof sessionSchema>
export const SessionModel = mongoose.models.Session as mongoose.Model<Session>
  ?? mongoose.model('Session', sessionSchema)

// A person's session ids, so "Your account" and "end all" need no query by `user`
// (FerretDB on SQLite scans for anything but `_id`). A directory, not the authority:
// the Session document decides, and each session re-adds itself when it is touched.
const userSessionsSchema = new Schema({
  _id: { type: Schema.Types.ObjectId, required: true },
  ids: { type: [String], default: [] },
}, { versionKey: false, collection: 'user_sessions' })

export const UserSessionsModel = mongoose.models.UserSessions as mongoose.Model<InferSchemaType<typeof userSessionsSchema>>
  ?? mongoose.model('UserSessions', userSessionsSchema)
