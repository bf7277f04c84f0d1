import mongoose, { Schema, type InferSchemaType } from 'mongoose'

// Sign-in finds a person by email through this document, whose `_id` is the lower-case
// email: FerretDB on SQLite pushes down only `_id` filters, so `users.findOne({ email })`
// would read every user (and take longer for an unknown email, telling it apart). The
// unique index on users.email stays the guard; an entry whose user no longer has that
// email is ignored. Kept in step by the User model's hooks and a sweep at start-up.
const userEmailSchema = new Schema({
  _id: { type: String, required: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
}, { versionKey: false, collection: 'user_emails' })

export type UserEmail = InferSchemaType<typeof userEmailSchema>
export const UserEmailModel = mongoose.models.UserEmail as mongoose.Model<UserEmail>
  ?? mongoose.model('UserEmail', userEmailSchema)
