import type { Types } from 'mongoose'
import type { MyLearningView } from '../../../shared/types/learning'
import type { CurrentUser } from '../../utils/auth'
import { CertificateModel } from '../../models/certificate'
import { getLearnerRecord } from './learner-record'
import type { ContentLibrary } from '../content/content-library'
import { certificateStatus } from '../certificates/certificate-rules'
import { refreshLearner } from './refresh-learner'
import { userObjectId } from './owned-records'
import { learnerStatus, type PathProgress } from './path-progress'

/** The signed-in learner's own page: brings their summary up to date, then describes it. */
export async function myLearning(user: CurrentUser, now = new Date()): Promise<MyLearningView> {
  const { progress, library } = await refreshLearner(user.id, now)
  return myLearningView(userObjectId(user), progress, library, now)
}

// The learner's own view of their paths: progress, what is next, due dates, certificates.
export async function myLearningView(userId: Types.ObjectId, progress: PathProgress[], library: ContentLibrary, now: Date): Promise<MyLearningView> {
  // One lookup by _id per certificate: FerretDB pushes down a single _id, not $in.
  const codes = Object.keys((await getLearnerRecord(userId)).certificates)
  const certificates = (await Promise.all(codes.map(code => CertificateModel.findById(code).lean())))
    .filter(c => c !== null)
    .sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime())
  return {
    paths: progress.map((p) => {
      const next = p.items.find(i => !i.done)
      return {
        id: p.path.id,
        title: p.path.title,
        description: p.path.description,
        certificateName: p.path.certificate.name,
        cycle: p.cycle,
        required: p.required,
        done: p.done,
        dueAt: p.dueAt.toISOString(),
        dueExtended: p.dueExtended,
        exempt: p.exempt,
        status: learnerStatus({ done: p.done, required: p.required, dueAt: p.dueAt, exempt: p.exempt }, now),
        next: next ? { ...next, href: itemHref(next, library) } : null,
        items: p.items.map(i => ({ kind: i.kind, id: i.id, title: i.title, done: i.done, awaitingReview: i.awaitingReview, href: itemHref(i, library) })),
        certificate: p.certificate ? { code: p.certificate.code, expiresAt: new Date(p.certificate.expiresAt).toISOString() } : null,
      }
    }),
    certificates: certificates.map(c => ({
      code: c.code,
      name: c.name,
      pathTitle: c.pathTitle,
      cycle: c.cycle,
      issuedAt: c.issuedAt.toISOString(),
      expiresAt: c.expiresAt.toISOString(),
      status: certificateStatus(c, now),
    })),
  }
}

export function itemHref(item: { kind: string, id: string }, library: ContentLibrary) {
  if (item.kind === 'lesson') return `/courses/${item.id}`
  if (item.kind === 'quiz') return `/quizzes/${item.id}`
  return library.scenarios.has(item.id) ? `/scenarios/${item.id}` : '/courses'
}
