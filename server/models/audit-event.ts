import mongoose, { Schema, type InferSchemaType } from 'mongoose'

const auditEventSchema = new Schema({
  actor: { type: Schema.Types.ObjectId, ref: 'User' },
  action: { type: String, required: true },
  target: { type: String, default: '' },
  details: { type: Schema.Types.Mixed, default: {} },
  at: { type: Date, required: true, default: () => new Date() },
})

auditEventSchema.index({ at: -1 })

export type AuditEvent = InferSchemaType<typeof auditEventSchema>
export const AuditEventModel = mongoose.models.AuditEvent as mongoose.Model<AuditEvent>
  ?? mongoose.model('AuditEvent', auditEventSchema)
