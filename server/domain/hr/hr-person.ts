import { Types } from 'mongoose'
import type { PersonReport } from '../../../shared/schemas/hr'
import { CertificateModel } from '../../models/certificate'
import { DepartmentModel } from '../../models/department'
import { QuizAttemptModel } from '../../models/quiz-attempt'
import { ScenarioRunModel } from '../../models/scenario-run'
import { UserModel } from '../../models/user'
import { getContentLibrary } from '../content/content-store'
import { hrStatus } from './hr-dashboard'
import { getLearnerRecord } from '../learning/learner-record'
import { countedTotals, onboardedAt, recordsOf } from '../learning/summary-rules'
import { remediesOf } from '../remedies/remedies'
import { lastReminded } from '../mail/notices'
import { certificateStatus } from '../certificates/certificate-rules'
import { assignedPaths, pathProgress } from '../learning/path-progress'

// One person's page for HR: unlike the dashboards it reads that person's own records
// (bounded by one learner's history, each read by _id: their learner record, then the
// attempts, runs and certificates it lists), with the same progress rules as refreshLearner.

const iso = (date?: Date | null) => (date ? date.toISOString() : null)

export async function personReport(id: string, now: Date): Promise<PersonReport> {
  const user = await UserModel.findById(id, { passwordHash: 0 }).lean()
  if (!user) throw createError({ statusCode: 404, statusMessage: 'There is no such person.' })
  const userId = new Types.ObjectId(id)
  const [department, library, record, reminded] = await Promise.all([
    user.department ? DepartmentModel.findById(user.department, { name: 1, slug: 1 }).lean() : null,
    getContentLibrary(),
    getLearnerRecord(userId),
    lastReminded([id]),
  ])
  const newestFirst = <T>(rows: T[], at: (row: T) => Date) => rows.sort((a, b) => at(b).getTime() - at(a).getTime())
  const [attempts, runs, certificates] = await Promise.all([
    Promise.all(Object.keys(record.quizAttempts).map(key => QuizAttemptModel.findById(key, { quiz: 1, number: 1, status: 1, startedAt: 1, submittedAt: 1, score: 1, correct: 1, total: 1, passed: 1 }).lean())),
    Promise.all(Object.keys(record.scenarioRuns).map(key => ScenarioRunModel.findById(key, { scenario: 1, number: 1, status: 1, startedAt: 1, completedAt: 1, passed: 1, scores: 1 }).lean())),
    Promise.all(Object.keys(record.certificates).map(code => CertificateModel.findById(code).lean())),
  ])
  const records = recordsOf(record)
  const lessons = newestFirst(Object.entries(record.lessons).map(([key, at]) => {
    const [course, lesson] = key.split('/') as [string, string]
    const openedAt = record.lessonOpens?.[key] ? new Date(record.lessonOpens[key]) : null
    return { course, lesson, completedAt: new Date(at), openedAt }
  }), l => l.completedAt)
  const profile = { departmentSlug: department?.slug ?? null, jobRole: user.jobRole ?? '', startDate: user.startDate }
  const progress = assignedPaths(library, profile).map(p => pathProgress(library, p, profile, records, now))
  const { counted, required, done, exempt, dueAt, allCertified } = countedTotals(progress)
  const certifiedUntil = allCertified ? new Date(Math.min(...counted.map(p => p.certificate!.expiresAt.getTime()))) : null
  const lessonTitle = (course: string, slug: string) => library.lessons.find(l => l.course === course && l.slug === slug)?.title ?? slug

  return {
    person: {
      id: String(user._id),
      name: user.name,
      email: user.email,
      role: user.role,
      department: department ? { slug: department.slug, name: department.name } : null,
      jobRole: user.jobRole ?? '',
      startDate: user.startDate.toISOString().slice(0, 10),
      active: user.active,
      status: hrStatus({ done, dueAt, certifiedUntil, exempt }, now),
      progress: required ? Math.round((done / required) * 100) : 0,
      done,
      required,
      dueAt: iso(dueAt),
      onboardedAt: iso(onboardedAt(counted)),
      lastRemindedAt: iso(reminded.get(id)),
    },
    paths: progress.map(p => ({
      id: p.path.id,
      title: p.path.title,
      cycle: p.cycle,
      required: p.required,
      done: p.done,
      dueAt: p.dueAt.toISOString(),
      dueExtended: p.dueExtended,
      exempt: p.exempt,
      status: hrStatus({ done: p.done, dueAt: p.dueAt, certifiedUntil: p.certificate?.expiresAt, exempt: p.exempt }, now),
      certificateName: p.path.certificate.name,
      items: p.items.map(i => ({ kind: i.kind, id: i.id, title: i.title, done: i.done })),
    })),
    lessons: lessons.map(l => ({
      course: l.course,
      courseTitle: library.courses.get(l.course)?.title ?? l.course,
      lesson: l.lesson,
      title: lessonTitle(l.course, l.lesson),
      completedAt: l.completedAt.toISOString(),
      openedAt: iso(l.openedAt),
      // Time from first opening to marking read (null for lessons read before openings were recorded).
      secondsSpent: l.openedAt ? Math.max(0, Math.round((l.completedAt.getTime() - l.openedAt.getTime()) / 1000)) : null,
      minutes: library.lessons.find(x => x.course === l.course && x.slug === l.lesson)?.minutes ?? null,
    })),
    quizAttempts: newestFirst(attempts.filter(a => a !== null), a => a.startedAt).map(a => ({
      id: String(a._id),
      quiz: a.quiz,
      title: library.quizzes.get(a.quiz)?.definition.title ?? a.quiz,
      number: a.number,
      status: a.status,
      startedAt: a.startedAt.toISOString(),
      submittedAt: iso(a.submittedAt),
      score: a.score ?? null,
      correct: a.correct ?? null,
      total: a.total ?? null,
      passed: a.passed ?? null,
    })),
    scenarioRuns: newestFirst(runs.filter(r => r !== null), r => r.startedAt).map(r => ({
      id: String(r._id),
      scenario: r.scenario,
      title: library.scenarios.get(r.scenario)?.definition.title ?? r.scenario,
      number: r.number,
      status: r.status,
      startedAt: r.startedAt.toISOString(),
      completedAt: iso(r.completedAt),
      passed: r.passed ?? null,
      scores: Object.entries((r.scores ?? {}) as Record<string, number>).map(([skill, score]) => ({ skill, score })),
    })),
    certificates: newestFirst(certificates.filter(c => c !== null), c => c.issuedAt).map(c => ({
      code: c.code,
      name: c.name,
      pathTitle: c.pathTitle,
      cycle: c.cycle,
      issuedAt: c.issuedAt.toISOString(),
      expiresAt: c.expiresAt.toISOString(),
      revokedAt: iso(c.revokedAt),
      revokedReason: c.revokedAt ? (c.revokedReason ?? null) : null,
      status: certificateStatus(c, now),
    })),
    remedies: remediesOf(record, library),
  }
}
