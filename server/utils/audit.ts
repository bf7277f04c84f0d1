import { Types } from 'mongoose'
import { AuditEventModel } from '../models/audit-event'

export async function recordAudit(actor: { id: string } | null, action: string, target: string, details: Record<string, unknown> = {}) {
  await AuditEventModel.create({ actor: actor ? new Types.ObjectId(actor.id) : undefined, action, target, details })
}
