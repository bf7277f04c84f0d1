import { randomBytes } from 'node:crypto'
import type { Types } from 'mongoose'
import { CertificateModel } from '../../models/certificate'
import { LearnerSummaryModel } from '../../models/learner-summary'
import { DepartmentModel } from '../../models/department'
import { UserModel } from '../../models/user'
import { getContentLibrary } from '../content/content-store'
import { noteSummary } from './summary-cache'
import { withLearnerLock } from '../../utils/learner-lock'
import { getLearnerRecord, noteFacts } from './learner-record'
import { learnerSummary, recordsOf } from './summary-rules'
import { addMonths, assignedPaths, pathProgress, type PathProgress } from './path-progress'

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
    if (!isDuplicateKey(error)) throw error
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

  const summary = learnerSummary(user, progress, records, now)
  await LearnerSummaryModel.updateOne({ _id: user._id }, { $set: summary }, { upsert: true })
  noteSummary(summary)
  return { summary, progress, library }
}
