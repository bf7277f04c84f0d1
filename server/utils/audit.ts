import { Types } from 'mongoose'
import { AuditEventModel } from '../models/audit-event'
import { isDuplicateKey } from './db'
import { UserModel } from '../models/user'

/**
 * Notes who did what, to what and to whom. `subject` is the person the action concerns
 * (the audit log filters by it; HR sees the entries about staff); `_id` lets an event
 * share its id with the record it logs, so a retried write logs it once.
 */
export async function recordAudit(
  actor: { id: string } | null,
  action: string,
  target: string,
  details: Record<string, unknown> = {},
  options: { subject?: Types.ObjectId | string | null, _id?: Types.ObjectId } = {},
) {
  const subject = options.subject ? new Types.ObjectId(String(options.subject)) : undefined
  const subjectRole = subject ? (await UserModel.findById(subject, { role: 1 }).lean())?.role : undefined
  await AuditEventModel.create({ _id: options._id, actor: actor ? new Types.ObjectId(actor.id) : undefined, action, target, subject, subjectRole, details })
    .catch((error) => {
      if (!(options._id && isDuplicateKey(error))) throw error
    })
}
