import type { Collection, UpdateFilter } from 'mongodb'
import type { Types } from 'mongoose'
import type { QuizDefinition, QuizQuestion } from '../../../shared/schemas/content'
import type { QuizAnswer } from '../../../shared/schemas/learning'
import type { LearnerRecord } from '../../models/learner-record'
import { QuizLearnerModel, QuizSumsModel } from '../../models/quiz-sums'
import { isDuplicateKey } from '../../utils/db'
import { forWrites } from '../../utils/db-engine'
import { getContentLibrary } from '../content/content-store'
import { quizVersionKey } from '../content/content-version-labels'
import { labelVersions } from '../content/content-versions'
import { analyseQuizSums, attemptIncrements, emptyVersionSums, newLearnerFromRecord, sumAttempts, type QuestionSums, type VersionSums } from './quiz-analysis'
import { quizAttemptsForAnalysis } from './trainer-review'
import { keepQuestions, keptQuestions } from '../quiz/version-questions'

// The running sums behind a trainer's quiz analysis (docs/decisions.md, "Trainer
// analyses"): one document per quiz version, `_id` `<quiz>:<version>`, changed by one
// atomic `$inc`/`$min`/`$max` upsert per submission, so the analysis reads those
// documents and no attempt. On MongoDB concurrent `$inc`s all count; FerretDB applies an
// update as read-modify-write, so there they all count only when writes go through one
// connection (the embedded engine's single writer).

export interface SubmittedAttemptForSums {
  user: Types.ObjectId | string
  quiz: string
  version: string
  score?: number | null
  passed?: boolean | null
  submittedAt?: Date | null
  answers?: unknown
  results: { question: string, correct: boolean }[]
}

const sumsId = (quiz: string, version: string) => `${quiz}:${version}`
// Both collections are keyed by strings (the schemas say so; the driver's types default to ObjectId).
type SumsDoc = { _id: string } & Record<string, unknown>
// Through the write connection on FerretDB (server/utils/db-engine.ts): with the ordinary
// pool, concurrent $inc of one version's document lose counts there.
const sumsCollection = () => forWrites(QuizSumsModel).collection as unknown as Collection<SumsDoc>
const markerCollection = () => forWrites(QuizLearnerModel).collection as unknown as Collection<{ _id: string }>
/** Marks that the sums were built from the attempts stored before they existed. */
const BUILT = '~built-from-attempts'

/** Inserts the "counted" markers; says for each whether it is new (a learner not counted yet). */
async function newMarkers(ids: string[]): Promise<boolean[]> {
  try {
    await markerCollection().insertMany(ids.map(_id => ({ _id })), { ordered: false })
    return ids.map(() => true)
  }
  catch (error) {
    const failed = (error as { writeErrors?: { index: number, code?: number }[] | { index: number, code?: number } }).writeErrors
    const list = failed === undefined ? [] : Array.isArray(failed) ? failed : [failed]
    if (!list.length || list.some(e => e.code !== 11000)) throw error
    return ids.map((_, i) => !list.some(e => e.index === i))
  }
}

/**
 * Adds one submitted attempt to its version's sums. Called once per submission, by the
 * request that graded it, after its fact was noted in `record`: one database operation
 * (the upsert); two for a learner with facts from before versions were noted (the markers).
 */
export async function addToQuizSums(attempt: SubmittedAttemptForSums & { _id: unknown }, record: Pick<LearnerRecord, 'quizAttempts'>, snapshot: QuizQuestion[]) {
  const user = String(attempt.user)
  const [newToQuiz, newToVersion] = newLearnerFromRecord(record, attempt)
    ?? await newMarkers([`${attempt.quiz}|${user}`, `${attempt.quiz}|${attempt.version}|${user}`])
  const $inc = attemptIncrements({
    score: attempt.score ?? 0,
    passed: attempt.passed ?? false,
    answers: (attempt.answers ?? {}) as Record<string, QuizAnswer | null>,
    results: attempt.results,
  }, snapshot)
  $inc.newLearners = newToQuiz ? 1 : 0
  $inc.learners = newToVersion ? 1 : 0
  const at = attempt.submittedAt ?? new Date()
  // Written at the attempt's start already unless it began before 3 Dec 2026: then no operation.
  await keepQuestions(attempt.quiz, attempt.version, snapshot)
  const update = {
    $inc,
    $set: { quiz: attempt.quiz, version: attempt.version },
    $min: { firstAt: at },
    $max: { lastAt: at },
  } as unknown as UpdateFilter<SumsDoc> // dotted paths under questions.<id>
  const filter = { _id: sumsId(attempt.quiz, attempt.version) }
  // Two first submissions of a version at once: one upsert inserts, the other meets the
  // unique _id and is applied again as an update.
  await sumsCollection().updateOne(filter, update, { upsert: true }).catch((error) => {
    if (!isDuplicateKey(error)) throw error
    return sumsCollection().updateOne(filter, update, { upsert: true })
  })
}

type StoredSums = Omit<VersionSums, 'questions'> & { _id: string, quiz: string, questions?: Record<string, Partial<QuestionSums> & { definitionJson?: string }> }

function fromStored(doc: StoredSums, definitions: Record<string, string> = {}): VersionSums {
  const sums = { ...emptyVersionSums(doc.version), ...doc, questions: {} as Record<string, QuestionSums> }
  for (const [id, { definitionJson: inline, ...q }] of Object.entries(doc.questions ?? {})) {
    // Sums written before 2 Dec 2026 hold the definition in the sums document: as a
    // document (q.definition), later as a string (definitionJson).
    const definitionJson = definitions[id] ?? inline
    const definition = q.definition ?? (definitionJson ? JSON.parse(definitionJson) as QuizQuestion : undefined)
    sums.questions[id] = { answered: 0, unanswered: 0, correct: 0, n: 0, sx: 0, sy: 0, syy: 0, sxy: 0, ...q, ...(definition ? { definition } : {}), picks: q.picks ?? {} }
  }
  return sums
}

let built: Promise<void> | null = null

/**
 * Attempts submitted before the sums existed are added once per database: the first
 * analysis reads them (through the learners' records, by _id) and writes their sums.
 * A database started with this code only marks itself built.
 */
function buildFromStoredAttempts(quizIds: readonly string[]) {
  built ??= (async () => {
    const sums = sumsCollection()
    if (await sums.findOne({ _id: BUILT })) return
    for (const quiz of quizIds) {
      const attempts = await quizAttemptsForAnalysis(quiz)
      if (!attempts.length) continue
      for (const version of sumAttempts(attempts)) {
        await sums.replaceOne({ _id: sumsId(quiz, version.version) }, { quiz, ...version }, { upsert: true })
      }
      const markers = new Set(attempts.flatMap(a => [`${quiz}|${a.user}`, `${quiz}|${a.version}|${a.user}`]))
      await newMarkers([...markers])
    }
    await sums.updateOne({ _id: BUILT }, { $set: { at: new Date() } }, { upsert: true })
  })().catch((error) => {
    built = null
    throw error
  })
  return built
}

/** The sums of every version of one quiz. `quizIds`: every quiz, for the one-off build. */
export async function quizSumsOf(quiz: string, quizIds: readonly string[]): Promise<VersionSums[]> {
  await buildFromStoredAttempts(quizIds)
  // A handful of documents per quiz (one per version ever taken), so this filter's scan on
  // FerretDB reads a small collection whatever the number of attempts.
  const docs = await sumsCollection().find({ quiz }).toArray() as unknown as StoredSums[]
  return Promise.all(docs.map(async (doc) => {
    return fromStored(doc, await keptQuestions(quiz, doc.version))
  }))
}

/** A trainer's analysis of one quiz, every version (each labelled "Version 2", first seen …), from its running sums. */
export async function quizAnalysis(quiz: { definition: QuizDefinition, version: string }) {
  const library = await getContentLibrary()
  const analysis = analyseQuizSums(quiz, await quizSumsOf(quiz.definition.id, [...library.quizzes.keys()]))
  return { ...analysis, versions: await labelVersions(quizVersionKey(quiz.definition.id), quiz.version, analysis.versions) }
}
