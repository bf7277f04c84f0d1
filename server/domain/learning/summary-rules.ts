import type { Types } from 'mongoose'
import type { LearnerRecord } from '../../models/learner-record'
import type { LearnerRecords, PathProgress } from './path-progress'

// Pure: a learner's facts in, their summary out. refreshLearner writes what these
// return; the HR benchmark builds summaries in bulk with the same functions.

/** The learner's facts, shaped for the progress rules (server/domain/learning/path-progress.ts). */
export function recordsOf(record: Pick<LearnerRecord, 'lessons' | 'quizAttempts' | 'scenarioRuns' | 'certificates'>): LearnerRecords & { lastActivityAt?: Date } {
  const byId = (rows: { id: string, at: Date }[]) => {
    const map = new Map<string, Date[]>()
    for (const { id, at } of rows) map.set(id, [...(map.get(id) ?? []), at])
    return map
  }
  const passedAttempts = Object.values(record.quizAttempts).filter(a => a.status === 'submitted' && a.passed)
  const passedRuns = Object.values(record.scenarioRuns).filter(r => r.status === 'completed' && r.passed)
  const dates = [
    ...Object.values(record.lessons),
    ...Object.values(record.quizAttempts).flatMap(a => a.submittedAt ? [a.submittedAt] : []),
    ...Object.values(record.scenarioRuns).flatMap(r => r.completedAt ? [r.completedAt] : []),
  ].map(d => new Date(d))
  return {
    lessons: new Set(Object.keys(record.lessons)),
    quizPasses: byId(passedAttempts.map(a => ({ id: a.quiz, at: new Date(a.submittedAt!) }))),
    scenarioPasses: byId(passedRuns.map(r => ({ id: r.scenario, at: new Date(r.completedAt!) }))),
    certificates: Object.entries(record.certificates).map(([code, c]) => ({ ...c, code })),
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

/** The LearnerSummary document for one learner (what dashboards read). */
export function learnerSummary(user: SummaryPerson, progress: PathProgress[], records: ReturnType<typeof recordsOf>, now: Date) {
  const required = progress.reduce((sum, p) => sum + p.required, 0)
  const done = progress.reduce((sum, p) => sum + p.done, 0)
  const allCertified = progress.length > 0 && progress.every(p => p.certificate)
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
      certificate: p.certificate ? { code: p.certificate.code, issuedAt: p.certificate.issuedAt, expiresAt: p.certificate.expiresAt } : null,
    })),
    required,
    done,
    progress: required ? Math.round((done / required) * 100) : 0,
    started: records.lessons.size > 0 || records.lastActivityAt !== undefined,
    dueAt: progress.length ? new Date(Math.max(...progress.map(p => p.dueAt.getTime()))) : null,
    completedAt: allCertified ? new Date(Math.max(...progress.map(p => p.certificate!.issuedAt.getTime()))) : null,
    certifiedUntil: allCertified ? new Date(Math.min(...progress.map(p => p.certificate!.expiresAt.getTime()))) : null,
    onboardedAt: onboardedAt(progress),
    lessonsCompleted: records.lessons.size,
    quizzesPassed: records.quizPasses.size,
    scenariosPassed: records.scenarioPasses.size,
    lastActivityAt: records.lastActivityAt ?? null,
    updatedAt: now,
  }
}
