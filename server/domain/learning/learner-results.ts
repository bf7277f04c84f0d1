import type { Types } from 'mongoose'
import type { CourseProgressView, MyResultsView, QuizResultRow, RunResultRow } from '../../../shared/types/learning'
import type { Skill } from '../../../shared/schemas/content'
import { QuizAttemptModel } from '../../models/quiz-attempt'
import { ScenarioRunModel } from '../../models/scenario-run'
import { getContentLibrary } from '../content/content-store'
import { scenarioResult } from '../scenario/scenario-engine'
import { coachingBox, coachingRef, coachingSeen } from './coaching-marker'
import { getLearnerRecord } from './learner-record'
import { quizSkillPoints, scenarioSkillPoints, skillsProfile, type SkillPoint } from './skills-profile'

// A learner's own results, read from their facts document (one read by _id) and, for the
// scores and coaching notes, each attempt or run by _id: no query other than by _id.

/** The course page's learner part: lessons read, quiz and role-play results, what to do next. */
export async function courseProgress(userId: Types.ObjectId | string, course: string): Promise<CourseProgressView> {
  const library = await getContentLibrary()
  if (!library.courses.has(course)) throw createError({ statusCode: 404, statusMessage: `There is no course "${course}".` })
  const record = await getLearnerRecord(userId)
  const lessons = library.lessons.filter(l => l.course === course)
  const lessonsRead = lessons.filter(l => record.lessons[`${course}/${l.slug}`]).map(l => l.slug)
  const quizzes: CourseProgressView['quizzes'] = {}
  const quizIds = [...library.quizzes.values()].filter(q => q.definition.course === course).map(q => q.definition)
  for (const quiz of quizIds) quizzes[quiz.id] = { attempts: 0, best: null, passed: false, inProgress: false }
  for (const fact of Object.values(record.quizAttempts)) {
    const entry = quizzes[fact.quiz]
    if (!entry) continue
    if (fact.status === 'in-progress') {
      entry.inProgress = true
      continue
    }
    entry.attempts++
    entry.best = Math.max(entry.best ?? 0, fact.score ?? 0)
    entry.passed ||= Boolean(fact.passed)
  }
  const scenarios: CourseProgressView['scenarios'] = {}
  const scenarioIds = [...library.scenarios.values()].filter(s => s.definition.course === course).map(s => s.definition)
  for (const scenario of scenarioIds) scenarios[scenario.id] = { runs: 0, passed: false, inProgress: false }
  for (const fact of Object.values(record.scenarioRuns)) {
    const entry = scenarios[fact.scenario]
    if (!entry) continue
    if (fact.status === 'in-progress') entry.inProgress = true
    if (fact.status !== 'completed') continue
    entry.runs++
    entry.passed ||= Boolean(fact.passed)
  }
  return { lessonsRead, quizzes, scenarios, next: nextStep() }

  function nextStep(): CourseProgressView['next'] {
    const lesson = lessons.find(l => !lessonsRead.includes(l.slug))
    if (lesson) return { kind: 'lesson', title: lesson.title, href: `/courses/${course}/${lesson.slug}`, resume: lessonsRead.length > 0 }
    const quiz = quizIds.find(q => !quizzes[q.id]!.passed)
    if (quiz) return { kind: 'quiz', title: quiz.title, href: `/quizzes/${quiz.id}`, resume: quizzes[quiz.id]!.inProgress }
    const scenario = scenarioIds.find(s => !scenarios[s.id]!.passed)
    if (scenario) return { kind: 'scenario', title: scenario.title, href: `/scenarios/${scenario.id}`, resume: scenarios[scenario.id]!.inProgress }
    return null
  }
}

const iso = (date: Date) => new Date(date).toISOString()
const notes = (kind: 'quiz' | 'scenario', id: string, coaching: { authorName: string, text: string, at: Date }[] | undefined) =>
  (coaching ?? []).map(c => ({ author: c.authorName, text: c.text, at: iso(c.at), ref: coachingRef(kind, id, c.at) }))

/** "My results": every submitted attempt and completed run with its score, date and coaching. */
export async function myResults(userId: Types.ObjectId | string): Promise<MyResultsView> {
  const [library, record, box] = await Promise.all([getContentLibrary(), getLearnerRecord(userId), coachingBox(userId)])
  const attemptIds = Object.entries(record.quizAttempts).filter(([, f]) => f.status === 'submitted').map(([id]) => id)
  const runIds = Object.entries(record.scenarioRuns).filter(([, f]) => f.status === 'completed').map(([id]) => id)
  const [attempts, runs] = await Promise.all([
    Promise.all(attemptIds.map(id => QuizAttemptModel.findById(id, { quiz: 1, number: 1, submittedAt: 1, score: 1, passed: 1, coaching: 1, user: 1, results: 1 }).lean())),
    Promise.all(runIds.map(id => ScenarioRunModel.findById(id, { scenario: 1, number: 1, completedAt: 1, passed: 1, scores: 1, node: 1, coaching: 1, user: 1 }).lean())),
  ])
  const mine = (doc: { user: Types.ObjectId } | null): boolean => doc !== null && String(doc.user) === String(userId)

  const quizAttempts: QuizResultRow[] = attempts.filter(mine).map((a) => {
    const quiz = library.quizzes.get(a!.quiz)?.definition
    return {
      id: String(a!._id),
      quiz: { id: a!.quiz, title: quiz?.title ?? a!.quiz, course: quiz?.course ?? '' },
      number: a!.number,
      submittedAt: iso(a!.submittedAt!),
      score: a!.score ?? 0,
      passed: Boolean(a!.passed),
      coaching: notes('quiz', String(a!._id), a!.coaching),
    }
  })
  const points: SkillPoint[] = attempts.filter(mine).flatMap(a => quizSkillPoints(a!.results ?? [], a!.submittedAt!))
  const scenarioRuns: RunResultRow[] = runs.filter(mine).map((r) => {
    const scenario = library.scenarios.get(r!.scenario)?.definition
    const skills = scenario && scenario.nodes[r!.node] ? scenarioResult(scenario, r!.scores as Partial<Record<Skill, number>>, r!.node).skills : []
    points.push(...scenarioSkillPoints(skills, r!.completedAt!))
    return {
      id: String(r!._id),
      scenario: { id: r!.scenario, title: scenario?.title ?? r!.scenario, course: scenario?.course ?? '' },
      number: r!.number,
      completedAt: iso(r!.completedAt!),
      score: runScore(skills),
      passed: Boolean(r!.passed),
      coaching: notes('scenario', String(r!._id), r!.coaching),
    }
  })
  quizAttempts.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
  scenarioRuns.sort((a, b) => b.completedAt.localeCompare(a.completedAt))
  const isSeen = coachingSeen(box)
  const coaching = [
    ...quizAttempts.flatMap(a => a.coaching.map(c => ({ ...c, href: `/quiz-attempts/${a.id}`, on: `${a.quiz.title}, attempt ${a.number}`, new: !isSeen(c) }))),
    ...scenarioRuns.flatMap(r => r.coaching.map(c => ({ ...c, href: `/scenario-runs/${r.id}`, on: `${r.scenario.title}, run ${r.number}`, new: !isSeen(c) }))),
  ].sort((a, b) => b.at.localeCompare(a.at))
  return { quizAttempts, scenarioRuns, coaching, skills: skillsProfile(points) }
}

/** A run's score: its points over the best possible, across the skills it scores (0–100). */
export function runScore(skills: { score: number, max: number }[]) {
  const max = skills.reduce((sum, s) => sum + s.max, 0)
  if (max <= 0) return 0
  const score = skills.reduce((sum, s) => sum + Math.max(0, s.score), 0)
  return Math.min(100, Math.round((score / max) * 100))
}
