import mongoose, { Schema, type InferSchemaType } from 'mongoose'

const auditEventSchema = new Schema({
  actor: { type: Schema.Types.ObjectId, ref: 'User' },
  // e.g. remedy.extra-attempts, certificate.revoke, user.update (AUDIT_KINDS in shared/schemas/audit.ts)
  action: { type: String, required: true },
  target: { type: String, default: '' },
  // The person the action concerns, if any.
  subject: { type: Schema.Types.ObjectId, ref: 'User' },
  // The subject's role when it happened: HR reads the entries about staff.
  subjectRole: String,
  details: { type: Schema.Types.Mixed, default: {} },
  at: { type: Date, required: true, default: () => new Date() },
})

// The audit log page: newest first, optionally for one person, one actor or one kind.
auditEventSchema.index({ at: -1 })
auditEventSchema.index({ subject: 1, at: -1 })
auditEventSchema.index({ actor: 1, at: -1 })
auditEventSchema.index({ action: 1, at: -1 })

export type AuditEvent = InferSchemaType<typeof auditEventSchema>
export const AuditEventModel = mongoose.models.AuditEvent as mongoose.Model<AuditEvent>
  ?? mongoose.model('AuditEvent', auditEventSchema)
