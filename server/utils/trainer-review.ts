import type { Model, Types } from 'mongoose'
import type { ReviewQuery } from '../../shared/schemas/trainer'
import { DepartmentModel } from '../models/department'
import { QuizAttemptModel } from '../models/quiz-attempt'
import { ScenarioRunModel } from '../models/scenario-run'
import { UserModel } from '../models/user'
import type { TakenCounts } from './content-overview'

// Database reads and writes behind the trainer workspace; the statistics themselves
// are pure functions in quiz-analysis.ts and scenario-analysis.ts.

/** Finished attempts/runs per quiz/scenario and content version, counted in the database. */
export async function takenCounts(kind: 'quiz' | 'scenario'): Promise<TakenCounts> {
  const model = (kind === 'quiz' ? QuizAttemptModel : ScenarioRunModel) as unknown as Model<unknown>
  const rows = await model.aggregate<{ _id: { id: string, version: string }, n: number }>([
    { $match: { status: kind === 'quiz' ? 'submitted' : 'completed' } },
    { $group: { _id: { id: `$${kind}`, version: '$version' }, n: { $sum: 1 } } },
  ])
  const counts: TakenCounts = new Map()
  for (const { _id, n } of rows) {
    const perVersion = counts.get(_id.id) ?? new Map<string, number>()
    perVersion.set(_id.version, n)
    counts.set(_id.id, perVersion)
  }
  return counts
}

export interface LearnerLabel { id: string, name: string, email: string, department: string | null }

export async function learnersByIds(ids: (Types.ObjectId | string)[]): Promise<Map<string, LearnerLabel>> {
  const unique = [...new Set(ids.map(String))]
  if (!unique.length) return new Map()
  const [users, departments] = await Promise.all([
    UserModel.find({ _id: { $in: unique } }, { name: 1, email: 1, department: 1 }).lean(),
    DepartmentModel.find({}, { name: 1 }).lean(),
  ])
  const departmentName = new Map(departments.map(d => [String(d._id), d.name]))
  return new Map(users.map(u => [String(u._id), {
    id: String(u._id),
    name: u.name,
    email: u.email,
    department: u.department ? departmentName.get(String(u.department)) ?? null : null,
  }]))
}

const unknownLearner = (id: string): LearnerLabel => ({ id, name: 'Unknown learner', email: '', department: null })

/** The most recent finished attempts and runs, newest first, for trainers to review. */
export async function reviewList(query: ReviewQuery) {
  const library = await getContentLibrary()
  const wantQuizzes = query.kind !== 'scenario' && !query.scenario
  const wantRuns = query.kind !== 'quiz' && !query.quiz
  const [attempts, runs] = await Promise.all([
    wantQuizzes
      ? QuizAttemptModel.find({ status: 'submitted', ...(query.quiz ? { quiz: query.quiz } : {}) },
          { user: 1, quiz: 1, version: 1, number: 1, score: 1, passed: 1, submittedAt: 1, coaching: 1 })
          .sort({ submittedAt: -1, _id: -1 }).limit(query.limit).lean()
      : [],
    wantRuns
      ? ScenarioRunModel.find({ status: 'completed', ...(query.scenario ? { scenario: query.scenario } : {}) },
          { user: 1, scenario: 1, version: 1, number: 1, passed: 1, result: 1, completedAt: 1, coaching: 1 })
          .sort({ completedAt: -1, _id: -1 }).limit(query.limit).lean()
      : [],
  ])
  const learners = await learnersByIds([...attempts.map(a => a.user), ...runs.map(r => r.user)])
  const learner = (id: Types.ObjectId) => learners.get(String(id)) ?? unknownLearner(String(id))
  return {
    attempts: attempts.map(a => ({
      id: String(a._id),
      learner: learner(a.user),
      quiz: { id: a.quiz, title: library.quizzes.get(a.quiz)?.definition.title ?? a.quiz },
      number: a.number,
      score: a.score ?? null,
      passed: a.passed ?? null,
      at: a.submittedAt ?? null,
      currentVersion: library.quizzes.get(a.quiz)?.version === a.version,
      feedback: a.coaching.length,
    })),
    runs: runs.map(r => ({
      id: String(r._id),
      learner: learner(r.user),
      scenario: { id: r.scenario, title: library.scenarios.get(r.scenario)?.definition.title ?? r.scenario },
      number: r.number,
      passed: r.passed ?? null,
      result: r.result ?? null,
      at: r.completedAt ?? null,
      currentVersion: library.scenarios.get(r.scenario)?.version === r.version,
      feedback: r.coaching.length,
    })),
  }
}

export async function learnerOf(id: Types.ObjectId) {
  return (await learnersByIds([id])).get(String(id)) ?? unknownLearner(String(id))
}

/**
 * Adds a trainer's note to a finished attempt or run. The same text is not added
 * twice, so a retried request leaves one note.
 */
export async function addCoachingNote(kind: 'quiz' | 'scenario', id: string, author: { id: string, name: string }, text: string) {
  const model = (kind === 'quiz' ? QuizAttemptModel : ScenarioRunModel) as unknown as Model<{ user: Types.ObjectId, status: string, coaching: { authorName: string, text: string, at: Date }[] }>
  const finished = kind === 'quiz' ? 'submitted' : 'completed'
  const note = { author: author.id, authorName: author.name, text, at: new Date() }
  const updated = await model.findOneAndUpdate(
    { '_id': id, 'status': finished, 'coaching.text': { $ne: text } },
    { $push: { coaching: note } },
    { returnDocument: 'after' },
  ).lean()
  const record = updated ?? await model.findById(id).lean()
  const what = kind === 'quiz' ? 'quiz attempt' : 'role-play run'
  if (!record) throw createError({ statusCode: 404, statusMessage: `There is no such ${what}.` })
  if (record.status !== finished) {
    throw createError({ statusCode: 409, statusMessage: `Feedback can be left once the ${what} is ${finished}.` })
  }
  return { record, added: Boolean(updated) }
}

export const coachingView = (notes: { authorName: string, text: string, at: Date }[]) =>
  notes.map(c => ({ author: c.authorName, text: c.text, at: c.at }))

/** Who may use the trainer workspace. */
export const TRAINER_ROLES = ['trainer', 'admin'] as const
