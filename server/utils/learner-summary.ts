import { randomBytes } from 'node:crypto'
import type { Types } from 'mongoose'
import { CertificateModel } from '../models/certificate'
import { LearnerSummaryModel } from '../models/learner-summary'
import type { LearnerRecord } from '../models/learner-record'
import { DepartmentModel } from '../models/department'
import { UserModel } from '../models/user'
import { getContentLibrary } from './content-store'
import { withLearnerLock } from './learner-lock'
import { getLearnerRecord, noteFacts } from './learner-record'
import { addMonths, assignedPaths, pathProgress, type LearnerRecords, type PathProgress } from './progress'

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** 128 random bits as 26 base-32 characters: the public id of a certificate. */
export function certificateCode(): string {
  const bytes = randomBytes(17)
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5 && out.length < 26) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return out
}

/** The learner's facts, shaped for the progress rules (server/utils/progress.ts). */
export function recordsOf(record: LearnerRecord): LearnerRecords & { lastActivityAt?: Date } {
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

async function issueCertificate(user: { _id: Types.ObjectId, name: string }, progress: PathProgress, now: Date) {
  const { path } = progress
  const code = certificateCode()
  const expiresAt = addMonths(now, path.certificate.validityMonths)
  try {
    await CertificateModel.create({
      _id: code,
      code,
      user: user._id,
      holderName: user.name,
      path: path.id,
      pathTitle: path.title,
      name: path.certificate.name,
      cycle: progress.cycle,
      issuedAt: now,
      expiresAt,
    })
  }
  catch (error) {
    // Another process issued this cycle's certificate first: one certificate it is.
    if ((error as { code?: number }).code !== 11000) throw error
    return
  }
  await noteFacts(user._id, { [`certificates.${code}`]: { path: path.id, cycle: progress.cycle, issuedAt: now, expiresAt } })
}

/**
 * Recomputes one learner's progress from their own records, issues any certificate
 * they have just earned, and rewrites their summary document. Called in the same
 * request as every learning event; its cost depends on one learner's records only.
 */
export function refreshLearner(userId: Types.ObjectId | string, now = new Date()) {
  return withLearnerLock(userId, () => rebuildSummary(userId, now))
}

async function rebuildSummary(userId: Types.ObjectId | string, now: Date) {
  const user = await UserModel.findById(userId).lean()
  if (!user) throw createError({ statusCode: 404, statusMessage: 'That person does not exist.' })
  const department = user.department ? await DepartmentModel.findById(user.department, { slug: 1 }).lean() : null
  const profile = { departmentSlug: department?.slug ?? null, jobRole: user.jobRole ?? '', startDate: user.startDate }

  const library = await getContentLibrary()
  const paths = assignedPaths(library, profile)
  let records = recordsOf(await getLearnerRecord(user._id))
  let progress = paths.map(p => pathProgress(library, p, profile, records, now))
  if (user.active && progress.some(p => p.complete && !p.certificate)) {
    for (const p of progress.filter(p => p.complete && !p.certificate)) await issueCertificate(user, p, now)
    records = recordsOf(await getLearnerRecord(user._id))
    progress = paths.map(p => pathProgress(library, p, profile, records, now))
  }

  const required = progress.reduce((sum, p) => sum + p.required, 0)
  const done = progress.reduce((sum, p) => sum + p.done, 0)
  const allCertified = progress.length > 0 && progress.every(p => p.certificate)
  const summary = {
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
    lessonsCompleted: records.lessons.size,
    quizzesPassed: records.quizPasses.size,
    scenariosPassed: records.scenarioPasses.size,
    lastActivityAt: records.lastActivityAt ?? null,
    updatedAt: now,
  }
  await LearnerSummaryModel.updateOne({ _id: user._id }, { $set: summary }, { upsert: true })
  return { summary, progress, library }
}
