import mongoose, { Schema, type InferSchemaType } from 'mongoose'

const certificateSchema = new Schema({
  // The unguessable public id used in /verify/<code>, also the _id: FerretDB on
  // SQLite looks documents up quickly by _id only.
  _id: { type: String, required: true },
  code: { type: String, required: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  holderName: { type: String, required: true },
  path: { type: String, required: true },
  pathTitle: { type: String, required: true },
  name: { type: String, required: true },
  // 1 for the first certification on a path, 2 after the first one expired, …
  cycle: { type: Number, required: true },
  issuedAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
  revokedAt: Date,
  revokedReason: String,
})

certificateSchema.index({ code: 1 }, { unique: true })
// Exactly one certificate per learner, path and cycle, however many requests race to issue it.
certificateSchema.index({ user: 1, path: 1, cycle: 1 }, { unique: true })

export type Certificate = InferSchemaType<typeof certificateSchema>
export const CertificateModel = mongoose.models.Certificate as mongoose.Model<Certificate>
  ?? mongoose.model('Certificate', certificateSchema)
