import mongoose, { Schema, type InferSchemaType } from 'mongoose'
import { ROLES } from '../../shared/schemas/accounts'

// The account's facts a request needs (server/domain/accounts/account-facts.ts): who the
// person is, and what the sign-in check tests. `rev` is the user's accountRevision they were
// read at; a copy is only ever replaced by one of a higher revision.
const accountCopySchema = new Schema({
  rev: { type: Number, required: true },
  active: { type: Boolean, required: true },
  sessionVersion: { type: Number, required: true },
  role: { type: String, enum: ROLES, required: true },
  name: { type: String, required: true },
  email: { type: String, required: true },
  department: { type: Schema.Types.ObjectId, default: null },
  jobRole: { type: String, default: '' },
  startDate: { type: Date, required: true },
}, { _id: false, versionKey: false })

// One signed-in browser. `_id` is the SHA-256 of the token sealed in the session cookie,
// so a leaked list of sessions cannot be turned into cookies. Read by `_id` on every request,
// the only read of the sign-in check: it carries a copy of the account's facts.
const sessionSchema = new Schema({
  _id: { type: String, required: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  createdAt: { type: Date, required: true },
  lastSeenAt: { type: Date, required: true },
  // The absolute end (createdAt + the configured lifetime); the idle end is lastSeenAt + idle time.
  expiresAt: { type: Date, required: true },
  device: { type: String, default: '' },
  address: { type: String, default: '' },
  // Absent on sessions created before the copy existed (requireUser adds it on first use).
  account: { type: accountCopySchema, required: false },
}, { versionKey: false })

// MongoDB removes expired sessions itself; on the embedded engine the hourly sweep does.
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 })

export type Session = InferSchemaType<typeof sessionSchema>
export const SessionModel = mongoose.models.Session as mongoose.Model<Session>
  ?? mongoose.model('Session', sessionSchema)

// A person's session ids, so "Your account", "end all" and a change of the account's facts
// need no query by `user` (FerretDB on SQLite scans for anything but `_id`). A session is
// listed here before its cookie is handed out and leaves it only when its record is deleted
// (docs/decisions.md, "The session carries the account's facts"); a touch re-adds an entry.
const userSessionsSchema = new Schema({
  _id: { type: Schema.Types.ObjectId, required: true },
  ids: { type: [String], default: [] },
}, { versionKey: false, collection: 'user_sessions' })

export const UserSessionsModel = mongoose.models.UserSessions as mongoose.Model<InferSchemaType<typeof userSessionsSchema>>
  ?? mongoose.model('UserSessions', userSessionsSchema)
