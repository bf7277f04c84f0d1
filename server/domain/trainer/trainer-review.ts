import type { Types } from 'mongoose'
import type { QuizQuestion, ScenarioDefinition, Skill } from '../../../shared/schemas/content'
import type { QuizAnswer } from '../../../shared/schemas/learning'
import type { ReviewQuery } from '../../../shared/schemas/trainer'
import { DepartmentModel } from '../../models/department'
import { LearnerRecordModel, type QuizAttemptFact, type ScenarioRunFact } from '../../models/learner-record'
import { forWrites } from '../../utils/db-engine'
import { QuizAttemptModel } from '../../models/quiz-attempt'
import { ScenarioRunModel } from '../../models/scenario-run'
import { UserModel } from '../../models/user'
import { lessonReads } from '../content/content-overview'
import { scenarioVersionKey } from '../content/content-version-labels'
import { labelVersions } from '../content/content-versions'
import { coachingRef, markCoachingNote } from '../learning/coaching-marker'
import { attemptQuestions } from '../quiz/attempt-questions'
import { summaries } from '../learning/summary-cache'
import type { AttemptForAnalysis } from './quiz-analysis'
import { analyseScenario, type RunForAnalysis } from './scenario-analysis'

// Database reads and writes behind the trainer workspace; the statistics themselves
// are pure functions in quiz-analysis.ts and scenario-analysis.ts.
//
// FerretDB 1.24 pushes only `{ _id }` filters down to SQLite (docs/decisions.md): any
// other filter decodes every attempt in the collection, snapshots included. So the
// trainer reads find attempts and runs through the learners' records (one small
// document per learner) and then fetch each attempt or run by _id.

interface Facts {
  attempts: (QuizAttemptFact & { id: string, user: string })[]
  runs: (ScenarioRunFact & { id: string, user: string })[]
  /** "course/lesson" → per reader, when it was first opened (if recorded) and first marked read. */
  reads: Map<string, { openedAt: Date | null, readAt: Date }[]>
}

/** Every attempt and run the learners' records list, with whose they are. */
export async function learningFacts(): Promise<Facts> {
  const records = await LearnerRecordModel.find({}, { quizAttempts: 1, scenarioRuns: 1, lessons: 1, lessonOpens: 1 }).lean()
  const facts: Facts = { attempts: [], runs: [], reads: new Map() }
  for (const record of records) {
    const user = String(record._id)
    for (const [lesson, readAt] of Object.entries(record.lessons ?? {})) {
      const opened = (record.lessonOpens as Record<string, Date> | undefined)?.[lesson]
      facts.reads.set(lesson, [...facts.reads.get(lesson) ?? [], { openedAt: opened ? new Date(opened) : null, readAt: new Date(readAt as Date) }])
    }
    for (const [id, fact] of Object.entries(record.quizAttempts ?? {})) facts.attempts.push({ ...fact, id, user })
    for (const [id, fact] of Object.entries(record.scenarioRuns ?? {})) facts.runs.push({ ...fact, id, user })
  }
  return facts
}

/** Runs `work` over `items`, a few at a time: many small _id reads instead of one scan. */
export async function inBatches<T, R>(items: T[], work: (item: T) => Promise<R>, size = 16): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < items.length; i += size) out.push(...await Promise.all(items.slice(i, i + size).map(work)))
  return out
}

const present = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined

// A submitted attempt or a finished run never changes again (coaching notes aside, which
// the analyses leave out), so each is read from the database once per process and kept
// in the slim form the analyses use: an _id read costs some 5–20 ms on FerretDB, and a
// trainer reopens the same analysis often.
const FINISHED_CACHE_LIMIT = 20_000
const finishedCache = new Map<string, unknown>()

async function readOnce<D extends { _id: Types.ObjectId }, R>(ids: string[], read: (id: string) => Promise<D | null>, slim: (doc: D) => R, finished: (doc: D) => boolean): Promise<R[]> {
  const fresh = new Map<string, R>()
  await inBatches(ids.filter(id => !finishedCache.has(id)), async (id) => {
    const doc = await read(id)
    if (!doc) return
    fresh.set(id, slim(doc))
    if (finished(doc)) finishedCache.set(id, fresh.get(id))
  })
  for (const key of finishedCache.keys()) {
    if (finishedCache.size <= FINISHED_CACHE_LIMIT) break
    finishedCache.delete(key)
  }
  return ids.map(id => fresh.get(id) ?? finishedCache.get(id) as R | undefined).filter(present)
}

// Attempts of one version drew from the same questions: one copy of each is kept.
const snapshotQuestions = new Map<string, QuizQuestion>()
const sharedQuestion = (quiz: string, version: string, question: QuizQuestion) => {
  const key = `${quiz}@${version}#${question.id}`
  if (!snapshotQuestions.has(key)) snapshotQuestions.set(key, question)
  return snapshotQuestions.get(key)!
}

/** Submitted attempts of one quiz, every version, read by _id, as the analysis takes them. */
export async function quizAttemptsForAnalysis(quiz: string): Promise<AttemptForAnalysis[]> {
  const { attempts } = await learningFacts()
  const ids = attempts.filter(a => a.quiz === quiz && a.status === 'submitted').map(a => a.id)
  // The drawn questions: carried by attempts from before 2 Dec 2026, else the library's or the draw document's.
  const read = async (id: string) => {
    const a = await QuizAttemptModel.findById(id, { coaching: 0 }).lean()
    return a && { ...a, questions: await attemptQuestions(a) }
  }
  const rows = await readOnce(ids, read, a => ({
    quiz: a.quiz,
    submitted: a.status === 'submitted',
    user: String(a.user),
    version: a.version,
    score: a.score ?? 0,
    passed: a.passed ?? false,
    submittedAt: a.submittedAt ?? null,
    answers: (a.answers ?? {}) as Record<string, QuizAnswer | null>,
    results: a.results.map(r => ({ question: r.question, correct: r.correct })),
    snapshot: a.questions.map(q => sharedQuestion(a.quiz, a.version, q)),
  }), a => a.status === 'submitted')
  return rows.filter(a => a.submitted && a.quiz === quiz)
}

/** Every run of one scenario (finished or not, every version), read by _id, as the analysis takes them. */
export async function scenarioRunsForAnalysis(scenario: string): Promise<RunForAnalysis[]> {
  const { runs } = await learningFacts()
  const ids = runs.filter(r => r.scenario === scenario).map(r => r.id)
  const rows = await readOnce(ids, id => ScenarioRunModel.findById(id, { coaching: 0 }).lean(), r => ({
    scenario: r.scenario,
    user: String(r.user),
    version: r.version,
    status: r.status as RunForAnalysis['status'],
    passed: r.passed ?? null,
    result: r.result ?? null,
    completedAt: r.completedAt ?? null,
    scores: (r.scores ?? {}) as Partial<Record<Skill, number>>,
    steps: r.steps.map(step => ({ node: step.node, customer: step.customer, choice: step.choice, reply: step.reply, ms: step.ms })),
    review: r.review ? { status: r.review.status, lines: r.review.lines } : null,
  }), r => r.status !== 'in-progress' && !r.review)
  return rows.filter(r => r.scenario === scenario)
}

/** A trainer's analysis of one role-play, every version (each labelled "Version 2", first seen …). */
export async function scenarioAnalysis(scenario: { definition: ScenarioDefinition, version: string }) {
  const analysis = analyseScenario(scenario, await scenarioRunsForAnalysis(scenario.definition.id))
  return { ...analysis, versions: await labelVersions(scenarioVersionKey(scenario.definition.id), scenario.version, analysis.versions) }
}

/** Submitted attempts per quiz; completed runs per scenario and per version. */
export function takenCounts(facts: Facts) {
  const attempts = new Map<string, number>()
  for (const a of facts.attempts) if (a.status === 'submitted') attempts.set(a.quiz, (attempts.get(a.quiz) ?? 0) + 1)
  const runs = new Map<string, Map<string, number>>()
  for (const r of facts.runs) {
    if (r.status !== 'completed') continue
    const perVersion = runs.get(r.scenario) ?? new Map<string, number>()
    perVersion.set(r.version, (perVersion.get(r.version) ?? 0) + 1)
    runs.set(r.scenario, perVersion)
  }
  return { attempts, runs, lessons: lessonReads(facts.reads) }
}

export interface LearnerLabel { id: string, name: string, email: string, department: string | null }

export async function learnersByIds(ids: (Types.ObjectId | string)[]): Promise<Map<string, LearnerLabel>> {
  const unique = [...new Set(ids.map(String))]
  if (!unique.length) return new Map()
  const [users, departments] = await Promise.all([
    inBatches(unique, id => UserModel.findById(id, { name: 1, email: 1, department: 1 }).lean()),
    DepartmentModel.find({}, { name: 1 }).lean(),
  ])
  const departmentName = new Map(departments.map(d => [String(d._id), d.name]))
  return new Map(users.filter(present).map(u => [String(u._id), {
    id: String(u._id),
    name: u.name,
    email: u.email,
    department: u.department ? departmentName.get(String(u.department)) ?? null : null,
  }]))
}

const unknownLearner = (id: string): LearnerLabel => ({ id, name: 'Unknown learner', email: '', department: null })

export async function learnerOf(id: Types.ObjectId) {
  return (await learnersByIds([id])).get(String(id)) ?? unknownLearner(String(id))
}

const time = (at: Date | string | undefined) => at ? new Date(at).getTime() : 0

/** The people whose name or e-mail address contains `text` (from the in-memory summaries, no scan). */
async function learnersMatching(text: string): Promise<Set<string>> {
  const needle = text.toLowerCase()
  const { entries } = await summaries()
  const out = new Set<string>()
  for (const e of entries) if (e.name.toLowerCase().includes(needle) || e.email.toLowerCase().includes(needle)) out.add(e.user)
  return out
}

/**
 * Finished attempts and runs, newest first, for trainers to review: filtered by kind, scorecard
 * state (pending or reviewed: role-play runs with written replies), course, quiz or role-play and
 * learner, and paged. The filters read the learners' records only; the page's attempts and runs
 * are then read by _id.
 */
export async function reviewList(query: ReviewQuery) {
  const library = await getContentLibrary()
  const facts = await learningFacts()
  const people = query.learner ? await learnersMatching(query.learner) : null
  const courseOfQuiz = (id: string) => library.quizzes.get(id)?.definition.course
  const courseOfScenario = (id: string) => library.scenarios.get(id)?.definition.course
  const wantQuizzes = query.kind !== 'scenario' && !query.scenario && query.state === 'all'
  const wantRuns = query.kind !== 'quiz' && !query.quiz
  type Item = { kind: 'quiz', at: number, fact: Facts['attempts'][number] } | { kind: 'scenario', at: number, fact: Facts['runs'][number] }
  const items: Item[] = [
    ...(wantQuizzes ? facts.attempts : [])
      .filter(a => a.status === 'submitted' && (!query.quiz || a.quiz === query.quiz) && (!query.course || courseOfQuiz(a.quiz) === query.course) && (!people || people.has(a.user)))
      .map(fact => ({ kind: 'quiz' as const, at: time(fact.submittedAt), fact })),
    ...(wantRuns ? facts.runs : [])
      .filter(r => r.status === 'completed' && (!query.scenario || r.scenario === query.scenario) && (query.state === 'all' || r.review === query.state)
        && (!query.course || courseOfScenario(r.scenario) === query.course) && (!people || people.has(r.user)))
      .map(fact => ({ kind: 'scenario' as const, at: time(fact.completedAt), fact })),
  ]
  items.sort((a, b) => b.at - a.at || b.fact.id.localeCompare(a.fact.id))
  const pageItems = items.slice((query.page - 1) * query.limit, query.page * query.limit)
  const attemptFacts = pageItems.flatMap(i => i.kind === 'quiz' ? [i.fact] : [])
  const runFacts = pageItems.flatMap(i => i.kind === 'scenario' ? [i.fact] : [])
  const [attempts, runs, learners] = await Promise.all([
    inBatches(attemptFacts, a => QuizAttemptModel.findById(a.id, { version: 1, coaching: 1 }).lean()),
    inBatches(runFacts, r => ScenarioRunModel.findById(r.id, { version: 1, coaching: 1, result: 1 }).lean()),
    learnersByIds([...attemptFacts.map(a => a.user), ...runFacts.map(r => r.user)]),
  ])
  const learner = (id: string) => learners.get(id) ?? unknownLearner(id)
  return {
    total: items.length,
    page: query.page,
    pageSize: query.limit,
    courses: [...library.courses.values()].sort((a, b) => a.order - b.order).map(c => ({ id: c.slug, title: c.title })),
    attempts: attemptFacts.map((a, i) => ({
      id: a.id,
      learner: learner(a.user),
      quiz: { id: a.quiz, title: library.quizzes.get(a.quiz)?.definition.title ?? a.quiz },
      number: a.number,
      score: a.score ?? null,
      passed: a.passed ?? null,
      at: a.submittedAt ?? null,
      currentVersion: library.quizzes.get(a.quiz)?.version === attempts[i]?.version,
      feedback: attempts[i]?.coaching.length ?? 0,
    })),
    runs: runFacts.map((r, i) => ({
      id: r.id,
      learner: learner(r.user),
      scenario: { id: r.scenario, title: library.scenarios.get(r.scenario)?.definition.title ?? r.scenario },
      number: r.number,
      passed: r.passed ?? null,
      result: runs[i]?.result ?? null,
      review: r.review ?? null,
      at: r.completedAt ?? null,
      currentVersion: library.scenarios.get(r.scenario)?.version === r.version,
      feedback: runs[i]?.coaching.length ?? 0,
    })),
  }
}

type CoachingNote = { author: Types.ObjectId | string, authorName: string, text: string, at: Date }
type Coached = { user: Types.ObjectId, status: string, coaching: CoachingNote[] }

/**
 * Adds a trainer's note to a finished attempt or run, in one conditional update: the
 * filter says the attempt or run is finished and holds no note with this text, so two
 * trainers posting at once both land and a retried request leaves one note.
 */
export async function addCoachingNote(kind: 'quiz' | 'scenario', id: string, author: { id: string, name: string }, text: string) {
  const model = (kind === 'quiz' ? QuizAttemptModel : ScenarioRunModel) as unknown as import('mongoose').Model<Coached>
  const finished = kind === 'quiz' ? 'submitted' : 'completed'
  const what = kind === 'quiz' ? 'quiz attempt' : 'role-play run'
  const added = await forWrites(model).findOneAndUpdate(
    { '_id': id, 'status': finished, 'coaching.text': { $ne: text } },
    { $push: { coaching: { author: author.id, authorName: author.name, text, at: new Date() } } },
    { returnDocument: 'after' },
  ).lean()
  if (added) {
    await markForLearner(added)
    return { record: added, added: true }
  }
  const record = await model.findById(id).lean()
  if (!record) throw createError({ statusCode: 404, statusMessage: `There is no such ${what}.` })
  if (record.status !== finished) {
    throw createError({ statusCode: 409, statusMessage: `Feedback can be left once the ${what} is ${finished}.` })
  }
  // A retry: the note is there; its mark in the learner's navigation may not be yet.
  await markForLearner(record)
  return { record, added: false }

  async function markForLearner(coached: Coached) {
    const note = coached.coaching.findLast(c => c.text === text)
    if (note) await markCoachingNote(coached.user, coachingRef(kind, id, note.at), note.at)
  }
}

export const coachingView = (notes: { authorName: string, text: string, at: Date }[]) =>
  notes.map(c => ({ author: c.authorName, text: c.text, at: c.at }))
