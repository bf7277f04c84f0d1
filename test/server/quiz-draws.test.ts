import { Types, type Connection } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { QuizQuestion } from '../../shared/schemas/content'
import { createPeople, openDatabase, signIn, type SignedIn } from '../support/accounts'
import { answersFor, library, type AttemptView } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

// A quiz attempt keeps its draw (question ids and option order); the questions themselves
// are the library's while it holds the attempt's version, and otherwise are read from where
// they were kept: since 3 Dec 2026 the version's questions, kept once beside its sums
// (`definitions:<quiz>:<version>` in `quizsums`); attempts started on 2 Dec 2026 have a draw
// document of their own (`quizdraws`); attempts stored before carry them (`snapshotJson`, or
// `snapshot` earlier). Each layout must be shown, saved and graded against the questions as
// drawn, not as the library holds them now. The attempts are started through HTTP, then
// turned into each layout in the database, under a version the library does not hold.

let server: TestServer
let db: Connection
const as = new Map<string, SignedIn>()
const quizId = [...library.quizzes.keys()][0]!

/** The questions as they were "then": other prompts, and the first single-choice question keyed to another option. */
function asDrawnThen(questions: QuizQuestion[]) {
  let rekeyed: string | null = null
  const then = questions.map((q) => {
    const prompt = `Then: ${q.prompt}`
    if (rekeyed || q.type !== 'single') return { ...q, prompt }
    rekeyed = q.id
    const wrong = q.options.find(o => !o.correct)!.id
    return { ...q, prompt, options: q.options.map(o => ({ ...o, correct: o.id === wrong })) }
  })
  expect(rekeyed, 'the quiz has a single-choice question').not.toBeNull()
  return { then, rekeyed: rekeyed! }
}

beforeAll(async () => {
  server = await startServer()
  const people = await createPeople(server.databaseUri, ['json', 'array', 'draws', 'kept'].map(l => ({ email: `${l}@draws.test`, role: 'staff' as const })))
  for (const p of people) as.set(p.email.split('@')[0]!, await signIn(server, p.email))
  db = await openDatabase(server.databaseUri)
}, 60_000)
afterAll(async () => {
  await db?.close()
  await server?.stop()
})

describe('quiz attempts of every stored layout', () => {
  it.each([
    ['json', 'an attempt carrying its questions as one string (snapshotJson)'],
    ['array', 'an attempt carrying its questions as an array (snapshot)'],
    ['draws', 'an attempt of an older version with a draw document'],
    ['kept', 'an attempt of an older version whose questions were kept with the version'],
  ] as const)('%s: %s is shown, saved and graded against its questions as drawn', async (layout, _what) => {
    const learner = as.get(layout)!
    const started = await learner.json<AttemptView>(`/api/quizzes/${quizId}/attempts`, { method: 'POST' })
    expect(started.status, JSON.stringify(started.body)).toBe(200)
    const _id = new Types.ObjectId(started.body.id)
    const stored = (await db.collection('quizattempts').findOne({ _id }))!
    expect(Object.keys(stored)).not.toContain('snapshotJson')
    expect(await db.collection('quizdraws').countDocuments({ _id }), 'no draw document of its own').toBe(0)
    const kept = (await db.collection('quizsums').findOne({ _id: `definitions:${quizId}:${stored.version}` as never }))!
    expect(kept, 'the version\'s questions kept at start').not.toBeNull()
    const definition = library.quizzes.get(quizId)!.definition
    const { then, rekeyed } = asDrawnThen(stored.draw.map((d: { question: string }) => definition.questions.find(q => q.id === d.question)!))
    // A version the library does not hold (one per layout, so nothing is shared), so nothing can come from the library.
    const version = `v-then-${layout}`
    await db.collection('quizattempts').updateOne({ _id }, { $set: {
      version,
      ...(layout === 'json' ? { snapshotJson: JSON.stringify(then) } : layout === 'array' ? { snapshot: then } : {}),
    } })
    if (layout === 'draws') await db.collection('quizdraws').insertOne({ _id, quiz: quizId, version, draw: stored.draw, questionsJson: JSON.stringify(then) })
    if (layout === 'kept') {
      await db.collection('quizsums').insertOne({ _id: `definitions:${quizId}:${version}` as never, questions: Object.fromEntries(then.map(q => [q.id, JSON.stringify(q)])) })
    }

    const shown = await learner.json<AttemptView>(`/api/quiz-attempts/${started.body.id}`)
    expect(shown.status).toBe(200)
    expect(shown.body.questions.map(q => q.prompt)).toEqual(then.map(q => q.prompt))

    // Answers keyed as the library keys them now: right on every question but the one re-keyed since.
    const answers = answersFor(quizId, started.body)
    expect((await learner.json(`/api/quiz-attempts/${started.body.id}/answers`, { method: 'PUT', body: { answers } })).status).toBe(200)
    const bad = await learner.json(`/api/quiz-attempts/${started.body.id}/answers`, { method: 'PUT', body: { answers: { 'no-such-question': 'a' } } })
    expect(bad.status).toBe(400)
    const submitted = await learner.json<AttemptView>(`/api/quiz-attempts/${started.body.id}/submit`, { method: 'POST' })
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200)
    expect(submitted.body.result!.total).toBe(then.length)
    expect(submitted.body.result!.correct).toBe(then.length - 1)
    expect(submitted.body.result!.review.find(r => r.id === rekeyed)!.correct).toBe(false)
    const graded = (await db.collection('quizattempts').findOne({ _id }))!
    expect({ status: graded.status, correct: graded.correct, version: graded.version }).toEqual({ status: 'submitted', correct: then.length - 1, version })
  })
})
