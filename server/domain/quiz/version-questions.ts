import type { Collection, UpdateFilter } from 'mongodb'
import type { QuizQuestion } from '../../../shared/schemas/content'
import { QuizSumsModel } from '../../models/quiz-sums'
import { isDuplicateKey } from '../../utils/db'
import { forWrites } from '../../utils/db-engine'

// The questions of a quiz version, kept in the database for when the content library no
// longer holds that version (docs/decisions.md, "A quiz version's questions, kept once"):
// one document per version beside its running sums, `_id` `definitions:<quiz>:<version>`
// (no `quiz` field, so the sums' `find({ quiz })` skips it), each question as one JSON
// string under `questions.<id>`. A version's id is a hash of the quiz, so what is written
// there never changes: a process writes a question the first time it meets it and never
// again (the set of those written is a fact that holds in every process, not a cache).

type DefinitionsDoc = { _id: string, questions?: Record<string, string> }

export const definitionsId = (quiz: string, version: string) => `definitions:${quiz}:${version}`

const read = () => QuizSumsModel.collection as unknown as Collection<DefinitionsDoc>
const write = () => forWrites(QuizSumsModel).collection as unknown as Collection<DefinitionsDoc>

const written = new Set<string>()

/** Makes sure the version's document holds these questions; no database operation once this process has written them. */
export async function keepQuestions(quiz: string, version: string, questions: readonly QuizQuestion[]) {
  const fresh = questions.filter(q => !written.has(`${quiz}:${version}|${q.id}`))
  if (!fresh.length) return
  const filter = { _id: definitionsId(quiz, version) }
  const update = { $set: Object.fromEntries(fresh.map(q => [`questions.${q.id}`, JSON.stringify(q)])) } as UpdateFilter<DefinitionsDoc>
  // Two first writes at once: the other inserted it; apply this one as an update.
  await write().updateOne(filter, update, { upsert: true }).catch((error) => {
    if (!isDuplicateKey(error)) throw error
    return write().updateOne(filter, update)
  })
  for (const q of fresh) written.add(`${quiz}:${version}|${q.id}`)
}

/** The version's kept questions by id (none: an empty object). */
export async function keptQuestions(quiz: string, version: string): Promise<Record<string, string>> {
  return (await read().findOne({ _id: definitionsId(quiz, version) }))?.questions ?? {}
}
