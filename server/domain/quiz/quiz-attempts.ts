import { createHash } from 'node:crypto'
import type { Collection, UpdateFilter } from 'mongodb'
import { Types } from 'mongoose'
import type { QuizDefinition, QuizQuestion } from '../../../shared/schemas/content'
import type { QuizAnswer } from '../../../shared/schemas/learning'
import type { AttemptView, SavedAnswers } from '../../../shared/types/learning'
import type { LearnerRecord } from '../../models/learner-record'
import { QuizAttemptModel, type QuizAttemptDoc } from '../../models/quiz-attempt'
import type { CurrentUser } from '../../utils/auth'
import type { FieldError } from '../../utils/input'
import { forWrites } from '../../utils/db-engine'
import type { ContentLibrary } from '../content/content-library'
import { getContentLibrary } from '../content/content-store'
import { getLearnerRecord, noteQuizAttempt } from '../learning/learner-record'
import { findQuiz, findQuizAttempt, readAttempt, userObjectId } from '../learning/owned-records'
import { coachingRef } from '../learning/coaching-marker'
import { refreshLearner } from '../learning/refresh-learner'
import { attemptCycleStart, certificatesEarnedBy } from '../certificates/certificate-rules'
import { cooldownLiftedAt, extraAttempts } from '../remedies/remedy-rules'
import { addToQuizSums } from '../trainer/quiz-sums'
import { earlierVersionOf } from '../content/content-versions'
import { learnerOf } from '../trainer/trainer-review'
import { attemptPolicy, attemptsLeft, quizRules, type AttemptPolicy } from './attempt-policy'
import { attemptQuestions } from './attempt-questions'
import { keepQuestions } from './version-questions'
import { copyOf, dropCopy, keepCopy } from './attempt-copies'
import { answerFits, correctAnswer, drawQuestions, gradeAttempt, presentQuestion, type DrawnQuestion } from './grading'

type AttemptDoc = QuizAttemptDoc

// An attempt is written by the functions below, which spell every field, so the hot paths
// use the driver (reads: readAttempt): Mongoose's casting, document creation and validation
// cost about as much CPU per operation as the driver's own work.
const attemptWrites = () => forWrites(QuizAttemptModel).collection as unknown as Collection<AttemptDoc>

/** The quiz's attempts and policy (with any remedies), read off the learner's record; pure. */
export function quizPolicyFrom(library: ContentLibrary, record: LearnerRecord, quiz: QuizDefinition, now: Date) {
  const since = attemptCycleStart(library, record, quiz.id, now)
  const attempts = Object.entries(record.quizAttempts)
    .filter(([, a]) => a.quiz === quiz.id)
    .map(([id, a]) => ({ ...a, _id: id, startedAt: new Date(a.startedAt), submittedAt: a.submittedAt ? new Date(a.submittedAt) : undefined }))
    .sort((a, b) => a.number - b.number)
  const submitted = attempts.filter(a => a.status === 'submitted' && a.startedAt >= since)
  const grants = { extra: extraAttempts(record.remedies, 'quiz', quiz.id, since), cooldownLiftedAt: cooldownLiftedAt(record.remedies, 'quiz', quiz.id) }
  return { attempts, policy: attemptPolicy(quizRules(quiz), submitted, now, grants), inProgress: attempts.find(a => a.status === 'in-progress') }
}

export async function loadPolicy(library: ContentLibrary, user: Types.ObjectId, quiz: QuizDefinition, now: Date) {
  return quizPolicyFrom(library, await getLearnerRecord(user), quiz, now)
}

// Conditional writes race and retry: a request that loses goes round again from what
// the database now holds. A handful of rounds covers any realistic burst.
const ROUNDS = 8

/** The id of a learner's n-th attempt at a quiz: a request that loses the race to create it reads the winner's by _id. */
export const attemptId = (user: Types.ObjectId | string, quiz: string, number: number) =>
  new Types.ObjectId(createHash('sha256').update(`quiz-attempt:${user}:${quiz}:${number}`).digest().subarray(0, 12))

/**
 * Resumes the attempt in progress or starts a new one. The attempt's id is derived from
 * (learner, quiz, number), so however many requests race, one attempt is created; the
 * others read it and note it, which also heals a start cut off before its fact was noted.
 */
export async function openAttempt(library: ContentLibrary, user: Types.ObjectId, quiz: QuizDefinition, version: string, now = new Date()): Promise<AttemptDoc> {
  return (await openAttemptAndRecord(library, user, quiz, version, now)).attempt
}

/** openAttempt, also returning the learner's record as it stands after the start (so the view need not read it again). */
async function openAttemptAndRecord(library: ContentLibrary, user: Types.ObjectId, quiz: QuizDefinition, version: string, now: Date): Promise<{ attempt: AttemptDoc, record: LearnerRecord }> {
  for (let round = 0; round < ROUNDS; round++) {
    const record = await getLearnerRecord(user)
    const { attempts, policy, inProgress } = quizPolicyFrom(library, record, quiz, now)
    if (inProgress) {
      const open = await readAttempt(inProgress._id)
      if (open?.status === 'in-progress') {
        keepCopy(open)
        return { attempt: open, record }
      }
      // Submitted, but the record missed it (a request cut off after grading): complete the fact.
      if (open) {
        await noteQuizAttempt(open)
        continue
      }
    }
    if (policy.blocked) throw createError({ statusCode: policy.blocked.statusCode, statusMessage: policy.blocked.message })
    const number = (attempts.at(-1)?.number ?? 0) + 1
    const _id = attemptId(user, quiz.id, number)
    try {
      // The questions of the version are kept for when the library no longer holds it
      // (no operation once this process has kept them); the attempt keeps only its draw.
      await keepQuestions(quiz.id, version, quiz.questions)
      const attempt: AttemptDoc = {
        _id,
        user,
        quiz: quiz.id,
        version,
        number,
        status: 'in-progress',
        draw: drawQuestions(quiz),
        // Graded against the pass mark of the version the learner started, whatever an edit does meanwhile.
        passMark: quiz.passMark,
        answers: {},
        answersRev: 0,
        startedAt: now,
        results: [],
        coaching: [],
      } as unknown as AttemptDoc
      await attemptWrites().insertOne(attempt)
      keepCopy(attempt)
      return { attempt, record: await noteQuizAttempt(attempt) }
    }
    catch (error) {
      if (!isDuplicateKey(error)) throw error
      // Another request created attempt `number` first (the unique (user, quiz, number)
      // index holds for attempts made before ids were derived): note it and go round.
      const existing = await readAttempt(_id) ?? await QuizAttemptModel.findOne({ user, quiz: quiz.id, number }).lean()
      if (existing) await noteQuizAttempt(existing)
    }
  }
  throw createError({ statusCode: 409, statusMessage: 'Another tab is starting this quiz; reload the page.' })
}

/**
 * Checks and stores answers of an attempt in progress: one conditional update on
 * { _id, status: 'in-progress' }, so no answer lands after the attempt was graded.
 */
export async function storeAnswers(attempt: AttemptDoc, answers: Record<string, QuizAnswer | null>): Promise<SavedAnswers> {
  const submitted = () => createError({ statusCode: 409, statusMessage: 'This attempt has been submitted; its answers can no longer change.' })
  if (attempt.status !== 'in-progress') throw submitted()
  const { $set, fields } = checkAnswers(await attemptQuestions(attempt), answers)
  if (fields.length) throw invalidFields('body', fields)
  const stored = await writeAnswers({ _id: attempt._id, status: 'in-progress' }, $set)
  if (!stored) throw submitted()
  return { saved: Object.keys($set).length, answers: (stored.answers ?? {}) as Record<string, QuizAnswer | null> }
}

/**
 * storeAnswers from this process's copy of the attempt (attempt-copies.ts), with no read:
 * the filter carries what the copy says (the learner's, in progress, its quiz and version,
 * which fix the questions the answers were checked against). Null when it matches nothing
 * or the answers do not fit the copy: the caller then reads the attempt and says why.
 */
async function storeAnswersFromCopy(copy: AttemptDoc, answers: Record<string, QuizAnswer | null>): Promise<SavedAnswers | null> {
  const { $set, fields } = checkAnswers(await attemptQuestions(copy), answers)
  if (fields.length) return null
  const stored = await writeAnswers({ _id: copy._id, user: copy.user, status: 'in-progress', quiz: copy.quiz, ...(copy.version ? { version: copy.version } : {}) }, $set)
  return stored && { saved: Object.keys($set).length, answers: (stored.answers ?? {}) as Record<string, QuizAnswer | null> }
}

function checkAnswers(questions: QuizQuestion[], answers: Record<string, QuizAnswer | null>) {
  const $set: Record<string, unknown> = {}
  const fields: FieldError[] = []
  for (const [questionId, answer] of Object.entries(answers)) {
    const question = questions.find(q => q.id === questionId)
    if (!question) fields.push({ field: `answers.${questionId}`, message: 'is not a question of this attempt' })
    else if (answer !== null && !answerFits(question, answer)) fields.push({ field: `answers.${questionId}`, message: `is not a valid answer to a ${question.type} question` })
    else $set[`answers.${questionId}`] = answer
  }
  return { $set, fields }
}

async function writeAnswers(filter: Record<string, unknown>, $set: Record<string, unknown>) {
  const stored = await attemptWrites().findOneAndUpdate(
    filter,
    { ...(Object.keys($set).length ? { $set } : {}), $inc: { answersRev: 1 } } as UpdateFilter<AttemptDoc>,
    // No projection: FerretDB 1.24 does not implement one on findAndModify.
    { returnDocument: 'after' },
  )
  if (stored) keepCopy(stored)
  return stored
}

/**
 * Grades an attempt in progress and stores the grade, exactly once: the update's filter
 * is { _id, status: 'in-progress', answersRev } — the state that was graded — so a second
 * submission, or a save that came in between, makes it match nothing and the request
 * reads again. An attempt already submitted is returned as graded. Either way its fact
 * is noted, so a request cut off after grading still lands on a retry.
 */
export async function closeAttempt(id: Types.ObjectId | string, quiz: QuizDefinition, now = new Date()): Promise<AttemptDoc> {
  const attempt = await readAttempt(id)
  if (!attempt) throw createError({ statusCode: 404, statusMessage: 'There is no such quiz attempt.' })
  return (await closeAttemptAndRecord(attempt, quiz, now)).attempt
}

/**
 * closeAttempt from a copy of the attempt the caller has just read (its first round does
 * not read it again), also returning the learner's record as the noted fact left it.
 */
async function closeAttemptAndRecord(read: AttemptDoc, quiz: QuizDefinition, now: Date): Promise<{ attempt: AttemptDoc, record: LearnerRecord, questions: QuizQuestion[] }> {
  const first = await attemptQuestions(read)
  for (let round = 0; round < ROUNDS; round++) {
    const attempt = round === 0 ? read : await readAttempt(read._id)
    if (!attempt) throw createError({ statusCode: 404, statusMessage: 'There is no such quiz attempt.' })
    // Fixed at start, but `read` may be a copy (attempt-copies.ts): the questions of what was read.
    const questions = attempt.version === read.version ? first : await attemptQuestions(attempt)
    if (attempt.status === 'submitted') {
      dropCopy(attempt._id)
      return { attempt, record: await noteQuizAttempt(attempt), questions }
    }
    const result = gradeStoredAttempt(attempt, quiz, questions)
    // (InferSchemaType calls `results` a Mongoose DocumentArray; the driver stores the plain array.)
    // The learner and version too: the first round may grade this process's copy (attempt-copies.ts), not a read.
    const graded = await attemptWrites().findOneAndUpdate(
      { _id: attempt._id, user: attempt.user, status: 'in-progress', answersRev: attempt.answersRev ?? { $exists: false }, ...(attempt.version ? { version: attempt.version } : {}) },
      { $set: { status: 'submitted', submittedAt: now, score: result.score, correct: result.correct, total: result.total, passed: result.passed, results: result.results as AttemptDoc['results'] } },
      { returnDocument: 'after' },
    )
    if (graded) {
      dropCopy(graded._id)
      const record = await noteQuizAttempt(graded)
      // Only the request whose write graded it adds it to the trainer's running sums; the
      // record it just noted says whether the learner is new to the quiz and the version.
      await addToQuizSums(graded, record, questions)
      return { attempt: graded, record, questions }
    }
  }
  throw createError({ statusCode: 409, statusMessage: 'Your answers were still being saved; submit again.' })
}

/** Event: the learner starts a quiz (or resumes the attempt in progress); the server draws the questions. */
export async function startAttempt(user: CurrentUser, quizId: string, now = new Date()): Promise<AttemptView> {
  const { definition: quiz, version } = await findQuiz(quizId)
  const { attempt, record } = await openAttemptAndRecord(await getContentLibrary(), userObjectId(user), quiz, version, now)
  return attemptViewFor(attempt, quiz, true, now, record)
}

/** Event: the learner saves answers as they go. */
export async function saveAnswers(user: CurrentUser, id: string, answers: Record<string, QuizAnswer | null>): Promise<SavedAnswers> {
  const copy = copyOf(id, user.id)
  const saved = copy && await storeAnswersFromCopy(copy, answers)
  if (saved) return saved
  const { attempt } = await findQuizAttempt(user, id, { forReview: false })
  return storeAnswers(attempt, answers)
}

/** Event: the learner submits; the server grades once, however often it is asked. */
export async function submitAttempt(user: CurrentUser, id: string, now = new Date()): Promise<AttemptView> {
  // This process's copy, when it wrote the attempt last: the grade's filter carries its answers' revision.
  const attempt = copyOf(id, user.id) ?? (await findQuizAttempt(user, id, { forReview: false })).attempt
  const { definition: quiz } = await findQuiz(attempt.quiz)
  const closed = await closeAttemptAndRecord(attempt, quiz, now)
  // The record as the noted fact left it: refreshLearner need not read it again, and the view reads the refreshed one.
  // The person as this request read them (requireUser), when the record says that copy is current.
  const { record } = await refreshLearner(user.id, now, closed.record, user)
  return attemptViewFor(closed.attempt, quiz, true, now, record, closed.questions)
}

/** An attempt as its learner, or a reviewing trainer, sees it. */
export async function viewAttempt(user: CurrentUser, id: string): Promise<AttemptView> {
  const { attempt, isOwner } = await findQuizAttempt(user, id)
  const { definition: quiz } = await findQuiz(attempt.quiz)
  return attemptViewFor(attempt, quiz, isOwner)
}

/** A learner's attempt as a trainer reviewing it sees it, in full. */
export async function trainerAttemptView(id: string) {
  const attempt = await QuizAttemptModel.findById(id).lean()
  if (!attempt) throw createError({ statusCode: 404, statusMessage: 'There is no such quiz attempt.' })
  const current = await findQuiz(attempt.quiz)
  const questions = await attemptQuestions(attempt, current)
  return {
    learner: await learnerOf(attempt.user),
    currentVersion: current.version === attempt.version,
    earlierVersion: await earlierVersionOf('quiz', attempt.quiz, attempt.version, current.version),
    attempt: attemptView(attempt, current.definition, questions),
  }
}

/** The quiz as this attempt is graded: its drawn questions, and the pass mark when it was started (attempts from before that was kept: the quiz's). */
export function snapshotQuiz(attempt: AttemptDoc, quiz: QuizDefinition, questions: QuizQuestion[]): QuizDefinition {
  return { ...quiz, passMark: attempt.passMark ?? quiz.passMark, questions }
}

/** Grades an attempt's stored answers against the questions it drew (attemptQuestions). */
export function gradeStoredAttempt(attempt: AttemptDoc, quiz: QuizDefinition, questions: QuizQuestion[]) {
  // An attempt submitted without a single saved answer has no answers object at all.
  return gradeAttempt(snapshotQuiz(attempt, quiz, questions), attempt.draw as DrawnQuestion[], (attempt.answers ?? {}) as Record<string, QuizAnswer | null>)
}

/**
 * Whether the learner's review shows the correct answers and explanations: under
 * after-pass (the default) once they have passed or have no attempt left; always under
 * after-each-attempt; never under never. A trainer reviewing someone else's attempt
 * (policy null) always sees them.
 */
export function quizReveal(quiz: Pick<QuizDefinition, 'review'>, passed: boolean, policy: Pick<AttemptPolicy, 'remaining'> | null): boolean {
  if (!policy) return true
  if (quiz.review === 'never') return false
  if (quiz.review === 'after-each-attempt') return true
  return passed || policy.remaining === 0
}

/** Skills whose share of right answers in this attempt is under the pass mark, with lessons that teach them. */
export function skillsToRevisit(library: ContentLibrary | null, quiz: QuizDefinition, results: { skill: string, correct: boolean }[]) {
  const bySkill = new Map<string, { right: number, total: number }>()
  for (const r of results) {
    const tally = bySkill.get(r.skill) ?? { right: 0, total: 0 }
    tally.total++
    if (r.correct) tally.right++
    bySkill.set(r.skill, tally)
  }
  const short = [...bySkill].filter(([, t]) => (t.right / t.total) * 100 < quiz.passMark)
    .map(([skill, t]) => ({ skill, right: t.right, total: t.total }))
  const skills = new Set(short.map(s => s.skill))
  const lessons = (library?.lessons ?? [])
    .filter(l => l.skills.some(s => skills.has(s)))
    // The quiz's own course first, then the rest of the library.
    .sort((a, b) => Number(b.course === quiz.course) - Number(a.course === quiz.course))
    .slice(0, 6)
    .map(l => ({ course: l.course, slug: l.slug, title: l.title, skills: l.skills.filter(s => skills.has(s)) }))
  return { skillsShort: short, lessons }
}

function reviewNote(quiz: QuizDefinition, policy: AttemptPolicy | null) {
  if (quiz.review === 'never') return 'This quiz does not show the correct answers; go back to the lessons below.'
  return `The correct answers and explanations are shown once you pass${policy?.remaining === null ? '' : ' or have used your last attempt'}. Until then, go back to the lessons below.`
}

/**
 * What the learner (or a reviewing trainer) sees. Before submission: the questions, no keys.
 * After: the score and which answers were right; the correct answers and explanations only
 * when `reveal` (see quizReveal), otherwise the skills that fell short and lessons to revisit.
 */
export function attemptView(attempt: AttemptDoc, current: QuizDefinition, questions: QuizQuestion[], options: { reveal?: boolean, policy?: AttemptPolicy | null, library?: ContentLibrary | null } = {}): AttemptView {
  const quiz = { ...current, passMark: attempt.passMark ?? current.passMark }
  const reveal = options.reveal ?? true
  const policy = options.policy ?? null
  const draw = attempt.draw as DrawnQuestion[]
  const answers = (attempt.answers ?? {}) as Record<string, QuizAnswer | null>
  const base = {
    id: String(attempt._id),
    quiz: { id: quiz.id, title: quiz.title, course: quiz.course, passMark: quiz.passMark },
    number: attempt.number,
    status: attempt.status as AttemptView['status'],
    version: attempt.version,
    startedAt: iso(attempt.startedAt),
    questions: draw.map(d => presentQuestion(questions.find(q => q.id === d.question)!, d)),
    answers,
    attempts: policy ? attemptsLeft(policy) : null,
  }
  if (attempt.status !== 'submitted') return { ...base, result: null }
  return {
    ...base,
    result: {
      score: attempt.score!,
      correct: attempt.correct!,
      total: attempt.total!,
      passed: attempt.passed!,
      submittedAt: iso(attempt.submittedAt!),
      fullReview: reveal,
      reviewNote: reveal ? null : reviewNote(quiz, policy),
      review: draw.map((d) => {
        const question = questions.find(q => q.id === d.question)!
        const correct = attempt.results.find(r => r.question === question.id)?.correct ?? false
        return reveal
          ? { id: question.id, correct, correctAnswer: correctAnswer(question), explanation: question.explanation }
          : { id: question.id, correct, correctAnswer: null, explanation: null }
      }),
      ...skillsToRevisit(options.library ?? null, quiz, attempt.results.map(r => ({ skill: r.skill, correct: r.correct }))),
      coaching: attempt.coaching.map(c => ({ author: c.authorName, text: c.text, at: iso(c.at), ref: coachingRef('quiz', String(attempt._id), c.at) })),
    },
  }
}

/** The attempt as the person asking sees it: its owner under the review rule; a reviewing trainer in full. */
export async function attemptViewFor(attempt: AttemptDoc, quiz: QuizDefinition, isOwner: boolean, now = new Date(), record?: LearnerRecord, drawn?: QuizQuestion[]): Promise<AttemptView> {
  const library = await getContentLibrary()
  const questions = drawn ?? await attemptQuestions(attempt)
  if (!isOwner) return attemptView(attempt, quiz, questions, { reveal: true, library })
  const learner = record ?? await getLearnerRecord(attempt.user)
  const { policy } = quizPolicyFrom(library, learner, quiz, now)
  const passed = attempt.status === 'submitted' && attempt.passed === true
  const view = attemptView(attempt, quiz, questions, { reveal: quizReveal(quiz, passed || policy.passed, policy), policy, library })
  if (view.result && passed) view.result.earned = certificatesEarnedBy(learner.certificates, library.paths, { kind: 'quiz', id: quiz.id, at: attempt.submittedAt! })
  return view
}

const iso = (date: Date | string) => new Date(date).toISOString()
