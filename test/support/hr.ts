import type { Connection, Types } from 'mongoose'
import { assignedPaths, pathProgress, type LearnerRecords } from '../../server/domain/learning/path-progress'
import type { DepartmentFigures, HrStatus } from '../../shared/schemas/hr'
import type { SignedIn } from './accounts'
import { completeCourse, library, playScenario, takeQuiz } from './learning'

export const DAY = 86_400_000

/** Works through every course, quiz and role-play of a path over HTTP (skipping what `done` holds). */
export async function completePath(learner: SignedIn, pathId: string, done = new Set<string>()) {
  const path = library.paths.get(pathId)!.definition
  for (const course of path.requires.courses) {
    if (done.has(course)) continue
    await completeCourse(learner, course)
    done.add(course)
  }
  for (const quiz of path.requires.quizzes) {
    if (done.has(quiz)) continue
    const result = await takeQuiz(learner, quiz)
    if (!result.result?.passed) throw new Error(`quiz ${quiz} was not passed`)
    done.add(quiz)
  }
  for (const scenario of path.requires.scenarios) {
    if (done.has(scenario)) continue
    const run = await playScenario(learner, scenario, true)
    if (!run.result?.passed) throw new Error(`scenario ${scenario} was not passed`)
    done.add(scenario)
  }
  return done
}

export interface RecountPerson {
  id: string
  name: string
  email: string
  department: string
  jobRole: string
  startDate: Date
  status: HrStatus
  done: number
  required: number
  dueAt: Date | null
  onboardedAt: Date | null
  certificates: { path: string, code: string, issuedAt: Date, expiresAt: Date }[]
}

/**
 * Recounts the dashboards from raw records (users, lesson completions, passed quiz
 * attempts and role-plays, certificates), without reading any summary: who is in which
 * department, what each has done in the current cycle, and where they stand now.
 */
export async function recount(db: Connection, now: Date) {
  const departments = await db.collection('departments').find().toArray()
  const slugOf = new Map(departments.map(d => [String(d._id), d.slug as string]))
  const users = await db.collection('users').find({ active: true }).toArray()
  const lessons = await db.collection('lessoncompletions').find().toArray()
  const attempts = await db.collection('quizattempts').find({ status: 'submitted', passed: true }).toArray()
  const runs = await db.collection('scenarioruns').find({ status: 'completed', passed: true }).toArray()
  const certificates = await db.collection('certificates').find().toArray()
  const mine = <T extends { user: Types.ObjectId }>(rows: T[], id: string) => rows.filter(r => String(r.user) === id)
  const passes = (rows: { id: string, at: Date }[]) => {
    const map = new Map<string, Date[]>()
    for (const { id, at } of rows) map.set(id, [...(map.get(id) ?? []), at])
    return map
  }

  const people: RecountPerson[] = users.map((user) => {
    const id = String(user._id)
    const departmentSlug = slugOf.get(String(user.department)) ?? ''
    const records: LearnerRecords = {
      lessons: new Set(mine(lessons as never[], id).map((l: { course: string, lesson: string }) => `${l.course}/${l.lesson}`)),
      quizPasses: passes(mine(attempts as never[], id).map((a: { quiz: string, submittedAt: Date }) => ({ id: a.quiz, at: a.submittedAt }))),
      scenarioPasses: passes(mine(runs as never[], id).map((r: { scenario: string, completedAt: Date }) => ({ id: r.scenario, at: r.completedAt }))),
      certificates: mine(certificates as never[], id),
    }
    const profile = { departmentSlug, jobRole: user.jobRole ?? '', startDate: user.startDate }
    const progress = assignedPaths(library, profile).map(p => pathProgress(library, p, profile, records, now))
    const done = progress.reduce((sum, p) => sum + p.done, 0)
    const required = progress.reduce((sum, p) => sum + p.required, 0)
    const dueAt = progress.length ? new Date(Math.max(...progress.map(p => p.dueAt.getTime()))) : null
    const certified = progress.length > 0 && progress.every(p => p.certificate && !p.certificate.revokedAt && p.certificate.expiresAt > now)
    const status: HrStatus = certified ? 'complete' : dueAt && dueAt < now ? 'overdue' : done === 0 ? 'not-started' : 'on-track'
    const firsts = progress.map(p => p.history.filter(c => !c.revokedAt).map(c => c.issuedAt.getTime()).sort((a, b) => a - b)[0])
    const onboardedAt = firsts.length && firsts.every(f => f !== undefined) ? new Date(Math.max(...firsts as number[])) : null
    return {
      id,
      name: user.name,
      email: user.email,
      department: departmentSlug,
      jobRole: user.jobRole ?? '',
      startDate: user.startDate,
      status,
      done,
      required,
      dueAt,
      onboardedAt,
      certificates: progress.flatMap(p => p.certificate ? [{ path: p.path.title, code: p.certificate.code, issuedAt: p.certificate.issuedAt, expiresAt: p.certificate.expiresAt }] : []),
    }
  })

  const figures = (group: RecountPerson[]): DepartmentFigures => ({
    headcount: group.length,
    onboarded: group.filter(p => p.onboardedAt).length,
    complete: group.filter(p => p.status === 'complete').length,
    onTrack: group.filter(p => p.status === 'on-track').length,
    overdue: group.filter(p => p.status === 'overdue').length,
    notStarted: group.filter(p => p.status === 'not-started').length,
    exempt: group.filter(p => p.status === 'exempt').length,
    expiringSoon: group.flatMap(p => p.certificates).filter(c => c.expiresAt > now && c.expiresAt.getTime() <= now.getTime() + 30 * DAY).length,
  })
  return {
    people,
    departments: departments.map(d => ({ slug: d.slug as string, name: d.name as string, ...figures(people.filter(p => p.department === d.slug)) })),
    totals: figures(people),
  }
}
