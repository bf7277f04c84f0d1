import type { Types } from 'mongoose'
import { LearnerSummaryModel } from '../../models/learner-summary'
import { DepartmentModel } from '../../models/department'
import { UserModel } from '../../models/user'
import { getContentLibrary } from '../content/content-store'
import { noteSummary } from './summary-cache'
import { withLearnerLock } from '../../utils/learner-lock'
import { getLearnerRecord } from './learner-record'
import { issueCertificate } from '../certificates/issue-certificate'
import { learnerSummary, recordsOf } from './summary-rules'
import { assignedPaths, pathProgress } from './path-progress'

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
