import { z } from './zod.ts'
import { Slug } from './content'

// Remedies for a stuck or exceptional learner (POST /api/people/:id/remedies). Every
// kind needs a reason: the audit log and the person's page keep it.

export const REMEDY_KINDS = ['extra-attempts', 'lift-cooldown', 'extend-due-date', 'exempt'] as const
export type RemedyKindName = typeof REMEDY_KINDS[number]

export const REMEDY_KIND_LABELS: Record<RemedyKindName, string> = {
  'extra-attempts': 'Grant extra attempts',
  'lift-cooldown': 'Lift the waiting time',
  'extend-due-date': 'Extend the due date',
  'exempt': 'Exempt from the path',
}

const Reason = z.string('write a reason').trim()
  .min(5, 'must say why, in at least 5 characters')
  .max(500, 'must be at most 500 characters')
const Activity = z.enum(['quiz', 'scenario'], 'must be quiz or scenario')
const isoDate = z.iso.date('must be a date written YYYY-MM-DD')
// Chosen by the form once per remedy it sends: a repeat of the same request (a retry, a
// double click, a resend after a lost answer) is granted once.
const RequestId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'is not a request id').optional()

export const RemedyBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('extra-attempts'),
    activity: Activity,
    id: Slug,
    attempts: z.number('must be a whole number').int('must be a whole number').min(1, 'must be at least 1').max(5, 'must be at most 5'),
    reason: Reason,
    requestId: RequestId,
  }),
  z.strictObject({ kind: z.literal('lift-cooldown'), activity: Activity, id: Slug, reason: Reason, requestId: RequestId }),
  z.strictObject({ kind: z.literal('extend-due-date'), path: Slug, dueDate: isoDate, reason: Reason, requestId: RequestId }),
  z.strictObject({ kind: z.literal('exempt'), path: Slug, reason: Reason, requestId: RequestId }),
], { error: `must be one of ${REMEDY_KINDS.join(', ')}` })
export type RemedyBody = z.infer<typeof RemedyBody>

export const PersonIdParams = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/, 'is not a person id') })

/** A remedy as the person's page and the audit log show it. */
export interface RemedyView {
  id: string
  kind: RemedyKindName
  item: { type: 'quiz' | 'scenario' | 'path', id: string, title: string }
  attempts: number | null
  dueAt: string | null
  previousDueAt: string | null
  reason: string
  actor: { id: string, name: string }
  at: string
}
