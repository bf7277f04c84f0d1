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

export interface PathItem { kind: 'lesson' | 'quiz' | 'scenario', id: string, title: string, course?: string, minutes: number }

/** Time a learner should set aside: a lesson says its own; a quiz a minute a question; a role-play ten minutes. */
export const QUIZ_MINUTES_PER_QUESTION = 1
export const SCENARIO_MINUTES = 10

export function pathItems(library: ContentLibrary, path: LearningPath): PathItem[] {
  const lessons = path.requires.courses.flatMap(course => library.lessons
    .filter(l => l.course === course)
    .map(l => ({ kind: 'lesson' as const, id: `${course}/${l.slug}`, title: l.title, course, minutes: l.minutes })))
  const quizzes = path.requires.quizzes.map((id) => {
    const quiz = library.quizzes.get(id)?.definition
    return { kind: 'quiz' as const, id, title: quiz?.title ?? id, course: quiz?.course, minutes: (quiz?.poolSize ?? quiz?.questions.length ?? 10) * QUIZ_MINUTES_PER_QUESTION }
  })
  const scenarios = path.requires.scenarios.map(id => ({ kind: 'scenario' as const, id, title: library.scenarios.get(id)?.definition.title ?? id, course: library.scenarios.get(id)?.definition.course, minutes: SCENARIO_MINUTES }))
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
      // The new cycle is due a due period after the certificate stopped counting: its
      // expiry, or its revocation if that came first (a revoked certificate never met the
      // requirement, so its expiry months ahead is no deadline).
      ? new Date(Math.min(latest.expiresAt.getTime(), latest.revokedAt?.getTime() ?? Infinity) + path.dueDays * 86_400_000)
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

const DAY = 86_400_000

/** Whole days left until the due date, counting a part day as a day; 0 once it has passed. */
export const daysLeft = (dueAt: Date, now: Date) => Math.max(0, Math.ceil((dueAt.getTime() - now.getTime()) / DAY))

/** More than this many items left per day until the due date puts a path at risk. */
export const AT_RISK_ITEMS_PER_DAY = 2

export type PathStanding = LearnerStatus | 'at-risk'

/**
 * How a learner stands on one path, for the learner's own page: the status HR reads, with
 * "at risk" for a path not yet overdue whose remaining items no longer fit in the days left
 * at two a day (due in 5 days with 14 items left is at risk; with 8 left it is on track).
 */
export function pathStanding(summary: { done: number, required: number, dueAt: Date, exempt?: boolean }, now: Date): PathStanding {
  const status = learnerStatus(summary, now)
  if (status !== 'on-track' && status !== 'not-started') return status
  const left = summary.required - summary.done
  return left > daysLeft(summary.dueAt, now) * AT_RISK_ITEMS_PER_DAY ? 'at-risk' : status
}

/** Most urgent first: overdue, at risk, then by due date; finished and exempt paths last. */
export const STANDING_RANK: Record<PathStanding, number> = { 'overdue': 0, 'at-risk': 1, 'not-started': 2, 'on-track': 2, 'complete': 3, 'exempt': 4 }
