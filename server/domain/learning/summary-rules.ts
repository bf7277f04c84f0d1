import type { Types } from 'mongoose'
import type { LearnerRecord } from '../../models/learner-record'
import type { LearnerRecords, PathProgress } from './path-progress'
import { dueDateOverrides, exemptPaths } from '../remedies/remedy-rules.ts'

// Pure: a learner's facts in, their summary out. refreshLearner writes what these
// return; the HR benchmark builds summaries in bulk with the same functions.

// Every profile writer stamps the record's profileChangedAt after writing the person
// (noteProfileChange); allow this much difference between the clocks of app processes.
export const PROFILE_CLOCK_MARGIN_MS = 5 * 60_000

/**
 * The person as the request read them (requireUser, at `readAt`: signed in, so active), when
 * that copy is as new as the record the summary is computed from: the record was read or
 * written after the request read the person (the caller's part), and the profile's last
 * change is older than that read, clocks' margin included. Otherwise undefined: read the
 * person again, after the record, so the summary's data is as new as its revision.
 */
export function personAsRead(
  id: Types.ObjectId,
  record: Pick<LearnerRecord, 'profileChangedAt'>,
  asRead?: { id: string, name: string, email: string, department: Types.ObjectId | null, jobRole: string, startDate: Date, readAt?: Date },
) {
  if (!asRead?.readAt || asRead.id !== String(id)) return undefined
  const changed = record.profileChangedAt ? new Date(record.profileChangedAt).getTime() : null
  if (changed !== null && changed >= asRead.readAt.getTime() - PROFILE_CLOCK_MARGIN_MS) return undefined
  return { _id: id, name: asRead.name, email: asRead.email, department: asRead.department, jobRole: asRead.jobRole, startDate: asRead.startDate, active: true }
}

/** The learner's facts, shaped for the progress rules (server/domain/learning/path-progress.ts). */
export function recordsOf(record: Pick<LearnerRecord, 'lessons' | 'quizAttempts' | 'scenarioRuns' | 'certificates'> & Partial<Pick<LearnerRecord, 'remedies'>>): LearnerRecords & { lastActivityAt?: Date } {
  const byId = (rows: { id: string, at: Date }[]) => {
    const map = new Map<string, Date[]>()
    for (const { id, at } of rows) map.set(id, [...(map.get(id) ?? []), at])
    return map
  }
  const passedAttempts = Object.values(record.quizAttempts).filter(a => a.status === 'submitted' && a.passed)
  const passedRuns = Object.values(record.scenarioRuns).filter(r => r.status === 'completed' && r.passed)
  // Final passes: reviewed and passed, or passed with nothing to review (no written replies).
  const finalRuns = passedRuns.filter(r => r.review !== 'pending')
  const awaitingReview = new Map<string, number>()
  for (const r of Object.values(record.scenarioRuns)) {
    if (r.status === 'completed' && r.review === 'pending') awaitingReview.set(r.scenario, (awaitingReview.get(r.scenario) ?? 0) + 1)
  }
  const dates = [
    ...Object.values(record.lessons),
    ...Object.values(record.quizAttempts).flatMap(a => a.submittedAt ? [a.submittedAt] : []),
    ...Object.values(record.scenarioRuns).flatMap(r => r.completedAt ? [r.completedAt] : []),
  ].map(d => new Date(d))
  return {
    lessons: new Set(Object.keys(record.lessons)),
    quizPasses: byId(passedAttempts.map(a => ({ id: a.quiz, at: new Date(a.submittedAt!) }))),
    scenarioPasses: byId(passedRuns.map(r => ({ id: r.scenario, at: new Date(r.completedAt!) }))),
    reviewedScenarioPasses: byId(finalRuns.map(r => ({ id: r.scenario, at: new Date(r.completedAt!) }))),
    awaitingReview,
    certificates: Object.entries(record.certificates).map(([code, c]) => ({ ...c, code })),
    dueDates: dueDateOverrides(record.remedies),
    exemptions: exemptPaths(record.remedies),
    lastActivityAt: dates.length ? new Date(Math.max(...dates.map(d => d.getTime()))) : undefined,
  }
}

/** When every assigned path had first been certified (revoked certificates don't count). */
export function onboardedAt(progress: PathProgress[]): Date | null {
  const firsts = progress.map(p => p.history.filter(c => !c.revokedAt).map(c => c.issuedAt.getTime()).sort((a, b) => a - b)[0])
  if (!firsts.length || firsts.some(first => first === undefined)) return null
  return new Date(Math.max(...firsts as number[]))
}

interface SummaryPerson {
  _id: Types.ObjectId
  name: string
  email: string
  department?: Types.ObjectId | null
  jobRole?: string | null
  startDate: Date
  active: boolean
}

/**
 * Totals over the paths that count: a path the person is exempt from is left out of
 * their counts and due date; exempt from every assigned path, they are counted apart.
 */
export function countedTotals(progress: PathProgress[]) {
  const counted = progress.filter(p => !p.exempt)
  const required = counted.reduce((sum, p) => sum + p.required, 0)
  const done = counted.reduce((sum, p) => sum + p.done, 0)
  return {
    counted,
    required,
    done,
    exempt: progress.length > 0 && counted.length === 0,
    dueAt: counted.length ? new Date(Math.max(...counted.map(p => p.dueAt.getTime()))) : null,
    allCertified: counted.length > 0 && counted.every(p => p.certificate),
  }
}

/** The LearnerSummary document for one learner (what dashboards read). */
export function learnerSummary(user: SummaryPerson, progress: PathProgress[], records: ReturnType<typeof recordsOf>, now: Date) {
  const { counted, required, done, exempt, dueAt, allCertified } = countedTotals(progress)
  return {
    user: user._id,
    name: user.name,
    email: user.email,
    department: user.department ?? null,
    jobRole: user.jobRole ?? '',
    startDate: user.startDate,
    active: user.active,
    paths: progress.map(p => ({
      path: p.path.id,
      title: p.path.title,
      required: p.required,
      done: p.done,
      dueAt: p.dueAt,
      completedAt: p.certificate?.issuedAt ?? null,
      exempt: p.exempt,
      certificate: p.certificate ? { code: p.certificate.code, issuedAt: p.certificate.issuedAt, expiresAt: p.certificate.expiresAt } : null,
    })),
    required,
    done,
    progress: required ? Math.round((done / required) * 100) : 0,
    started: records.lessons.size > 0 || records.lastActivityAt !== undefined,
    dueAt,
    exempt,
    completedAt: allCertified ? new Date(Math.max(...counted.map(p => p.certificate!.issuedAt.getTime()))) : null,
    certifiedUntil: allCertified ? new Date(Math.min(...counted.map(p => p.certificate!.expiresAt.getTime()))) : null,
    onboardedAt: onboardedAt(counted),
    lessonsCompleted: records.lessons.size,
    quizzesPassed: records.quizPasses.size,
    scenariosPassed: records.scenarioPasses.size,
    // No lastActivityAt: nothing reads it, and it changed with every event, so a summary
    // that changes nothing else would still have to be written (refresh-learner.ts).
    updatedAt: now,
  }
}
