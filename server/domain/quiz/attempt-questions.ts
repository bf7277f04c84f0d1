import type { Types } from 'mongoose'
import type { QuizDefinition, QuizQuestion } from '../../../shared/schemas/content'
import { legacySnapshot } from '../../models/quiz-attempt'
import { QuizDrawModel } from '../../models/quiz-draw'
import { isDuplicateKey } from '../../utils/db'
import { forWrites } from '../../utils/db-engine'
import { getContentLibrary } from '../content/content-store'
import type { DrawnQuestion } from './grading'

// The questions an attempt drew, as they were defined when it started
// (docs/decisions.md, "A quiz attempt's drawn questions in a document of their own").

interface AttemptRef {
  _id: Types.ObjectId | string
  quiz: string
  version: string
  draw: DrawnQuestion[] | { question: string, order: string[] }[]
  snapshotJson?: string | null
  snapshot?: unknown[] | null
}

/** The drawn questions picked from a definition, in the attempt's order. */
export const drawnFrom = (definition: QuizDefinition, draw: readonly { question: string }[]): QuizQuestion[] =>
  draw.map(d => definition.questions.find(q => q.id === d.question)!)

/**
 * Writes what an attempt fixed at start, once: an insert guarded by `_id` (the attempt's).
 * If one is there already (a racing or retried start), returns that one's draw, which the
 * attempt must then carry; otherwise the draw given.
 */
export async function keepDraw(_id: Types.ObjectId, quiz: QuizDefinition, version: string, draw: DrawnQuestion[]): Promise<DrawnQuestion[]> {
  try {
    await forWrites(QuizDrawModel).collection.insertOne({ _id, quiz: quiz.id, version, draw, questionsJson: JSON.stringify(drawnFrom(quiz, draw)) })
    return draw
  }
  catch (error) {
    if (!isDuplicateKey(error)) throw error
    const existing = await forWrites(QuizDrawModel).findById(_id, { draw: 1 }).lean()
    if (!existing) throw error
    return existing.draw as DrawnQuestion[]
  }
}

/**
 * The questions an attempt drew. Attempts from before 2 Dec 2026 carry them (`snapshotJson`,
 * or `snapshot` before that). Otherwise, while the content library holds the attempt's
 * version, they are the library's (a version is a hash of the whole quiz); only an attempt of
 * an older version reads its draw document. `current`: the library's entry, when the caller has it.
 */
export async function attemptQuestions(attempt: AttemptRef, current?: { definition: QuizDefinition, version: string }): Promise<QuizQuestion[]> {
  const carried = legacySnapshot(attempt)
  if (carried) return carried
  const entry = current?.definition.id === attempt.quiz ? current : (await getContentLibrary()).quizzes.get(attempt.quiz)
  if (entry && entry.version === attempt.version) return drawnFrom(entry.definition, attempt.draw)
  const stored = await QuizDrawModel.findById(attempt._id, { questionsJson: 1 }).lean()
  if (!stored) throw createError({ statusCode: 500, statusMessage: 'The questions of this quiz attempt could not be found.' })
  return JSON.parse(stored.questionsJson) as QuizQuestion[]
}
