import type { Types } from 'mongoose'
import { AUDIT_KIND_LABELS, AUDIT_KINDS, type AuditFilters, type AuditQuery, type AuditReport, type AuditRow } from '../../../shared/schemas/audit'
import { AuditEventModel } from '../../models/audit-event'
import { UserModel } from '../../models/user'
import type { CurrentUser } from '../../utils/auth'
import { orgSettings } from '../mail/org-settings'

// The audit log: administrators see every entry; HR sees, read-only, the entries about
// staff (their scope, as in user management) and their own actions. Filters: the person
// concerned and the actor (by email), the kind, a date range.
//
// Read cost: on MongoDB the indexes on the audit collection serve each filter. Embedded
// FerretDB on SQLite scans the collection for any filter but _id; the page is for a few
// administrators, not a per-learner request path, so that is accepted (docs/decisions.md).

const DAY = 86_400_000
export const AUDIT_EXPORT_LIMIT = 50_000

async function userIdByEmail(email: string, field: 'person' | 'actor') {
  const user = await UserModel.findOne({ email }, { _id: 1 }).lean()
  if (!user) throw invalidField('query', field, `there is no one with the email ${email}`)
  return user._id
}

async function mongoFilter(viewer: CurrentUser, filters: AuditFilters) {
  const filter: Record<string, unknown> = {}
  if (filters.person) filter.subject = await userIdByEmail(filters.person, 'person')
  if (filters.actor) filter.actor = await userIdByEmail(filters.actor, 'actor')
  if (filters.kind) filter.action = filters.kind
  if (filters.from || filters.to) {
    filter.at = {
      ...(filters.from ? { $gte: new Date(`${filters.from}T00:00:00Z`) } : {}),
      ...(filters.to ? { $lt: new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + DAY) } : {}),
    }
  }
  if (viewer.role !== 'admin') filter.$or = [{ subjectRole: 'staff' }, { actor: userObjectId(viewer) }]
  return filter
}

type EventDoc = { _id: Types.ObjectId, actor?: Types.ObjectId | null, action: string, target?: string | null, subject?: Types.ObjectId | null, details?: unknown, at: Date }

/** One line a person can read: what changed, in words. */
export function describeAudit(action: string, details: Record<string, unknown>) {
  const item = details.item as { type?: string, id?: string } | undefined
  const date = (d: unknown) => (d ? new Date(d as string).toISOString().slice(0, 10) : '?')
  switch (action) {
    case 'remedy.extra-attempts': return `${details.attempts} extra attempt${details.attempts === 1 ? '' : 's'} at ${item?.type === 'scenario' ? 'role-play' : 'quiz'} ${item?.id}`
    case 'remedy.lift-cooldown': return `Waiting time lifted at ${item?.type === 'scenario' ? 'role-play' : 'quiz'} ${item?.id}`
    case 'remedy.extend-due-date': return `Due date of path ${item?.id} moved from ${date(details.previousDueAt)} to ${date(details.dueAt)}`
    case 'remedy.exempt': return `Exempted from path ${item?.id}`
    case 'user.update':
    case 'user.deactivate': {
      const changes = (details.changes ?? {}) as Record<string, { from: unknown, to: unknown }>
      const parts = Object.entries(changes).map(([field, c]) => `${field}: ${c.from ?? '—'} → ${c.to ?? '—'}`)
      if (parts.length) return parts.join('; ')
      return Array.isArray(details.fields) ? `Changed ${(details.fields as string[]).join(', ')}` : ''
    }
    default: return typeof details.email === 'string' ? details.email : typeof details.name === 'string' ? details.name : ''
  }
}

async function toRows(events: EventDoc[]): Promise<AuditRow[]> {
  const ids = [...new Set(events.flatMap(e => [e.actor, e.subject]).filter(Boolean).map(String))]
  // One read by _id per person named on the page (FerretDB pushes down single _id lookups).
  const people = new Map((await Promise.all(ids.map(id => UserModel.findById(id, { name: 1, email: 1 }).lean())))
    .filter(u => u !== null).map(u => [String(u._id), { id: String(u._id), name: u.name, email: u.email }]))
  const person = (id?: Types.ObjectId | null) => (id ? people.get(String(id)) ?? { id: String(id), name: '(removed)', email: '' } : null)
  return events.map((e) => {
    const details = (e.details ?? {}) as Record<string, unknown>
    return {
      id: String(e._id),
      at: e.at.toISOString(),
      kind: e.action,
      kindLabel: AUDIT_KIND_LABELS[e.action] ?? e.action,
      actor: person(e.actor),
      subject: person(e.subject),
      target: e.target ?? '',
      summary: describeAudit(e.action, details),
      reason: typeof details.reason === 'string' ? details.reason : null,
    }
  })
}

export async function auditReport(viewer: CurrentUser, query: AuditQuery): Promise<AuditReport> {
  const filter = await mongoFilter(viewer, query)
  const [total, events] = await Promise.all([
    AuditEventModel.countDocuments(filter),
    AuditEventModel.find(filter).sort({ at: -1, _id: -1 }).skip((query.page - 1) * query.pageSize).limit(query.pageSize).lean(),
  ])
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    rows: await toRows(events as EventDoc[]),
    kinds: AUDIT_KINDS.map(kind => ({ kind, label: AUDIT_KIND_LABELS[kind]! })),
    readOnlyScope: viewer.role === 'admin' ? null : 'You see the entries about staff and your own actions.',
  }
}

/**
 * Every matching entry, newest first, read in pages of 500 (the CSV download). The filters
 * are checked before the download starts, so a bad one is a 400, not a broken file.
 */
export async function auditExport(viewer: CurrentUser, filters: AuditFilters): Promise<AsyncGenerator<AuditRow>> {
  // The organisation's locale, which the export's times are written in (shared/utils/format.ts).
  await orgSettings()
  const filter = await mongoFilter(viewer, filters)
  return (async function* () {
    for (let skip = 0; skip < AUDIT_EXPORT_LIMIT; skip += 500) {
      const events = await AuditEventModel.find(filter).sort({ at: -1, _id: -1 }).skip(skip).limit(500).lean()
      for (const row of await toRows(events as EventDoc[])) yield row
      if (events.length < 500) return
    }
  })()
}
