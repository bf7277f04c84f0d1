import type { Types } from 'mongoose'
import type { MyLearningView } from '../../../shared/types/learning'
import type { CurrentUser } from '../../utils/auth'
import { CertificateModel } from '../../models/certificate'
import { getLearnerRecord } from './learner-record'
import type { ContentLibrary } from '../content/content-library'
import { certificateStatus } from '../certificates/certificate-rules'
import { refreshLearner } from './refresh-learner'
import { userObjectId } from './owned-records'
import { daysLeft, learnerStatus, pathStanding, STANDING_RANK, type PathItem, type PathProgress } from './path-progress'

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
  const paths = progress.map((p) => {
    const next = p.items.find(i => !i.done)
    const standing = pathStanding({ done: p.done, required: p.required, dueAt: p.dueAt, exempt: p.exempt }, now)
    const items = p.items.map(i => ({ kind: i.kind, id: i.id, title: i.title, done: i.done, awaitingReview: i.awaitingReview, href: itemHref(i, library), minutes: i.minutes }))
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
      standing,
      daysLeft: daysLeft(p.dueAt, now),
      minutes: sumMinutes(p.items),
      minutesLeft: sumMinutes(p.items.filter(i => !i.done)),
      next: next ? { ...next, href: itemHref(next, library) } : null,
      items,
      courses: byCourse(p.items, items, library),
      certificate: p.certificate ? { code: p.certificate.code, expiresAt: new Date(p.certificate.expiresAt).toISOString() } : null,
    }
  })
    // Most urgent first: overdue, at risk, then the nearest due date.
    .sort((a, b) => STANDING_RANK[a.standing] - STANDING_RANK[b.standing] || a.dueAt.localeCompare(b.dueAt))
  return {
    paths,
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

const sumMinutes = (items: { minutes: number }[]) => items.reduce((sum, i) => sum + i.minutes, 0)

/** A path's items grouped by their course (lessons, then its quiz and role-play); courses with work left first. */
function byCourse(items: (PathItem & { done: boolean })[], views: MyLearningView['paths'][number]['items'], library: ContentLibrary) {
  const groups = new Map<string, MyLearningView['paths'][number]['courses'][number]>()
  items.forEach((item, i) => {
    const course = item.course ?? ''
    const group = groups.get(course) ?? { course, title: library.courses.get(course)?.title ?? 'Other', minutes: 0, minutesLeft: 0, items: [] }
    group.items.push(views[i]!)
    group.minutes += item.minutes
    if (!item.done) group.minutesLeft += item.minutes
    groups.set(course, group)
  })
  const all = [...groups.values()]
  const open = (g: { items: { done: boolean }[] }) => g.items.some(i => !i.done)
  return [...all.filter(open), ...all.filter(g => !open(g))]
}
