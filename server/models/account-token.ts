import mongoose, { Schema, type InferSchemaType } from 'mongoose'

// A link sent by e-mail to set a password (invitation, reset) or confirm a new address.
// Only the SHA-256 of the token is stored, as _id, so a link is looked up by _id (the one
// filter FerretDB pushes down) and a copy of the database holds no usable link.
// Single use: consuming sets usedAt with a filter that expects it unset.

export const TOKEN_PURPOSES = ['invite', 'reset', 'email'] as const
export type TokenPurpose = typeof TOKEN_PURPOSES[number]

const accountTokenSchema = new Schema({
  _id: { type: String, required: true },
  purpose: { type: String, enum: TOKEN_PURPOSES, required: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  // The account's sessionVersion when the link was made: a later password change voids it.
  sessionVersion: { type: Number, required: true },
  // For purpose 'email': the address to confirm.
  email: String,
  expiresAt: { type: Date, required: true },
  usedAt: Date,
}, { timestamps: true })

export type AccountToken = InferSchemaType<typeof accountTokenSchema>
export const AccountTokenModel = mongoose.models.AccountToken as mongoose.Model<AccountToken>
  ?? mongoose.model('AccountToken', accountTokenSchema)
