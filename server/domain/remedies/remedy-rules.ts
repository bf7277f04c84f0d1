import type { RemedyFact } from '../../models/learner-record'

// Pure rules: what the remedies in a learner's record change. The record keeps every
// remedy as it was granted (who, when, why); these read the effect off that history, so
// nothing a learner did is rewritten and attempts stay pinned to their content version.

type Activity = 'quiz' | 'scenario'

const of = (remedies: Record<string, RemedyFact> | undefined) => Object.values(remedies ?? {})

/** Extra attempts granted at this quiz or role-play since `since` (the current certification cycle). */
export function extraAttempts(remedies: Record<string, RemedyFact> | undefined, type: Activity, id: string, since: Date) {
  return of(remedies)
    .filter(r => r.kind === 'extra-attempts' && r.item.type === type && r.item.id === id && new Date(r.at) >= since)
    .reduce((sum, r) => sum + (r.attempts ?? 0), 0)
}

/** When a cooldown at this quiz or role-play was last lifted: attempts before then no longer hold the learner back. */
export function cooldownLiftedAt(remedies: Record<string, RemedyFact> | undefined, type: Activity, id: string): Date | null {
  const times = of(remedies)
    .filter(r => r.kind === 'lift-cooldown' && r.item.type === type && r.item.id === id)
    .map(r => new Date(r.at).getTime())
  return times.length ? new Date(Math.max(...times)) : null
}

/** Path id → the latest due date set for a certification cycle. */
export function dueDateOverrides(remedies: Record<string, RemedyFact> | undefined) {
  const out = new Map<string, { cycle: number, dueAt: Date, at: Date }>()
  for (const r of of(remedies)) {
    if (r.kind !== 'extend-due-date' || !r.dueAt || r.cycle === undefined) continue
    const known = out.get(r.item.id)
    if (!known || new Date(r.at) > known.at) out.set(r.item.id, { cycle: r.cycle, dueAt: new Date(r.dueAt), at: new Date(r.at) })
  }
  return out
}

/** The paths this person is exempt from. */
export function exemptPaths(remedies: Record<string, RemedyFact> | undefined) {
  return new Set(of(remedies).filter(r => r.kind === 'exempt').map(r => r.item.id))
}

export const REMEDY_LABELS: Record<RemedyFact['kind'], string> = {
  'extra-attempts': 'Extra attempts',
  'lift-cooldown': 'Cooldown lifted',
  'extend-due-date': 'Due date extended',
  'exempt': 'Exempted from a path',
}
