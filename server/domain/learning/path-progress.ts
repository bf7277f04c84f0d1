import type { LearningPath } from '../../../shared/schemas/content'
import type { ContentLibrary } from '../content/content-library'
import { scenarioPassesFor } from '../certificates/certificate-rules.ts'

// Pure progress rules: which paths apply to a learner, what each requires, how much
// of it is done in the current certification cycle.

export interface LearnerProfile { departmentSlug: string | null, jobRole: string, startDate: Date }

export function assignedPaths(library: ContentLibrary, learner: LearnerProfile): LearningPath[] {
  return [...library.paths.values()]
    .map(p => p.definition)
    .filter(({ audience }) => audience.allStaff
      || (learner.departmentSlug !== null && audience.departments.includes(learner.departmentSlug))
      || audience.jobRoles.some(role => role.toLowerCase() === learner.jobRole.toLowerCase()))
    .sort((a, b) => a.id.localeCompare(b.id))
}

export interface PathItem { kind: 'lesson' | 'quiz' | 'scenario', id: string, title: string, course?: string }

export function pathItems(library: ContentLibrary, path: LearningPath): PathItem[] {
  const lessons = path.requires.courses.flatMap(course => library.lessons
    .filter(l => l.course === course)
    .map(l => ({ kind: 'lesson' as const, id: `${course}/${l.slug}`, title: l.title, course })))
  const quizzes = path.requires.quizzes.map(id => ({ kind: 'quiz' as const, id, title: library.quizzes.get(id)?.definition.title ?? id, course: library.quizzes.get(id)?.definition.course }))
  const scenarios = path.requires.scenarios.map(id => ({ kind: 'scenario' as const, id, title: library.scenarios.get(id)?.definition.title ?? id, course: library.scenarios.get(id)?.definition.course }))
  return [...lessons, ...quizzes, ...scenarios]
}

export interface LearnerRecords {
  lessons: Set<string> // "course/lesson"
  quizPasses: Map<string, Date[]> // quiz id → when each passing attempt was submitted
  scenarioPasses: Map<string, Date[]>
  /** The passes that are final: runs reviewed and passed by a trainer, and runs with nothing to review. */
  reviewedScenarioPasses?: Map<string, Date[]>
  /** Scenario id → completed runs awaiting a trainer's review. */
  awaitingReview?: Map<string, number>
  certificates: { path: string, cycle: number, code: string, issuedAt: Date, expiresAt: Date, revokedAt?: Date | null }[]
  /** Remedies: a due date set for a path's certification cycle, and the paths the person is exempt from. */
  dueDates?: Map<string, { cycle: number, dueAt: Date }>
  exemptions?: Set<string>
}

export function addMonths(date: Date, months: number) {
  const out = new Date(date)
  out.setUTCMonth(out.getUTCMonth() + months)
  return out
}

/**
 * Progress on one path. A certificate that is valid closes the cycle; once it has
 * expired or been revoked, a new cycle starts in which the quizzes and role-plays
 * must be passed again (lessons read stay read).
 */
export function pathProgress(library: ContentLibrary, path: LearningPath, learner: LearnerProfile, records: LearnerRecords, now: Date) {
  const certificates = records.certificates.filter(c => c.path === path.id).sort((a, b) => a.cycle - b.cycle)
  const latest = certificates.at(-1)
  const valid = latest && !latest.revokedAt && latest.expiresAt > now ? latest : undefined
  const cycle = valid ? valid.cycle : (latest?.cycle ?? 0) + 1
  const cycleStart = valid || !latest ? new Date(0) : latest.issuedAt
  const passedSince = (passes: Date[] | undefined) => (passes ?? []).some(at => at > cycleStart)

  const scenarioPasses = scenarioPassesFor(path, records)
  const items = pathItems(library, path).map((item) => {
    const done = valid !== undefined || (item.kind === 'lesson'
      ? records.lessons.has(item.id)
      : passedSince((item.kind === 'quiz' ? records.quizPasses : scenarioPasses).get(item.id)))
    // Not done yet only because the run waits for a trainer's review.
    const awaitingReview = !done && item.kind === 'scenario' && (records.awaitingReview?.get(item.id) ?? 0) > 0
    return { ...item, done, awaitingReview }
  })
  const done = items.filter(i => i.done).length
  const override = records.dueDates?.get(path.id)
  const dueAt = override && override.cycle === cycle
    ? override.dueAt
    : latest && !valid
      ? new Date(latest.expiresAt.getTime() + path.dueDays * 86_400_000)
      : new Date(learner.startDate.getTime() + path.dueDays * 86_400_000)
  return {
    path,
    cycle,
    cycleStart,
    items,
    required: items.length,
    done,
    complete: done === items.length && items.length > 0,
    certificate: valid,
    history: certificates,
    dueAt,
    // A trainer, HR or an administrator set this cycle's due date (a remedy).
    dueExtended: override !== undefined && override.cycle === cycle,
    // Exempt: left out of the person's counts and due dates, never overdue.
    exempt: records.exemptions?.has(path.id) ?? false,
  }
}

export type PathProgress = ReturnType<typeof pathProgress>

export type LearnerStatus = 'not-started' | 'on-track' | 'overdue' | 'complete' | 'exempt'

export function learnerStatus(summary: { done: number, required: number, dueAt?: Date | null, completedAt?: Date | null, exempt?: boolean }, now: Date): LearnerStatus {
  if (summary.exempt) return 'exempt'
  if (summary.required > 0 && summary.done >= summary.required) return 'complete'
  if (summary.dueAt && summary.dueAt < now) return 'overdue'
  if (summary.done === 0) return 'not-started'
  return 'on-track'
}
