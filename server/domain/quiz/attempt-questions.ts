import type { Types } from 'mongoose'
import type { QuizDefinition, QuizQuestion } from '../../../shared/schemas/content'
import { legacySnapshot } from '../../models/quiz-attempt'
import { QuizDrawModel } from '../../models/quiz-draw'
import { getContentLibrary } from '../content/content-store'
import type { DrawnQuestion } from './grading'
import { keptQuestions } from './version-questions'

// The questions an attempt drew, as they were defined when it started
// (docs/decisions.md, "A quiz version's questions, kept once").

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
 * The questions an attempt drew. Attempts from before 2 Dec 2026 carry them (`snapshotJson`,
 * or `snapshot` before that). Otherwise, while the content library holds the attempt's
 * version, they are the library's (a version is a hash of the whole quiz); only an attempt of
 * an older version reads them: from its version's kept questions (written at start since
 * 3 Dec 2026), else from its own draw document (attempts started on 2 Dec 2026).
 * `current`: the library's entry, when the caller has it.
 */
export async function attemptQuestions(attempt: AttemptRef, current?: { definition: QuizDefinition, version: string }): Promise<QuizQuestion[]> {
  const carried = legacySnapshot(attempt)
  if (carried) return carried
  const entry = current?.definition.id === attempt.quiz ? current : (await getContentLibrary()).quizzes.get(attempt.quiz)
  if (entry && entry.version === attempt.version) return drawnFrom(entry.definition, attempt.draw)
  const kept = await keptQuestions(attempt.quiz, attempt.version)
  if (attempt.draw.every(d => kept[d.question])) return attempt.draw.map(d => JSON.parse(kept[d.question]!) as QuizQuestion)
  const stored = await QuizDrawModel.findById(attempt._id, { questionsJson: 1 }).lean()
  if (!stored) throw createError({ statusCode: 500, statusMessage: 'The questions of this quiz attempt could not be found.' })
  return JSON.parse(stored.questionsJson) as QuizQuestion[]
}
