import type { Types } from 'mongoose'
import type { QuizDefinition, QuizQuestion } from '../../../shared/schemas/content'
import type { QuizAnswer } from '../../../shared/schemas/learning'
import type { LearnerRecord } from '../../models/learner-record'
import { QuizAttemptModel, type QuizAttempt } from '../../models/quiz-attempt'
import type { ContentLibrary } from '../content/content-library'
import { getLearnerRecord, noteFacts } from '../learning/learner-record'
import { correctAnswer, drawQuestions, gradeAttempt, presentQuestion, type DrawnQuestion } from './grading'

type AttemptDoc = QuizAttempt & { _id: Types.ObjectId }

/**
 * Attempts count from the start of the learner's current certification cycle: after
 * a certificate on a path with this quiz expires, the attempts start over.
 */
export function attemptCycleStart(library: ContentLibrary, record: LearnerRecord, quizId: string, now: Date) {
  const paths = [...library.paths.values()].filter(p => p.definition.requires.quizzes.includes(quizId)).map(p => p.definition.id)
  const certificates = Object.values(record.certificates)
  let start = new Date(0)
  for (const path of paths) {
    const latest = certificates.filter(c => c.path === path).sort((a, b) => b.cycle - a.cycle)[0]
    const issuedAt = latest && new Date(latest.issuedAt)
    if (latest && (latest.revokedAt || new Date(latest.expiresAt) <= now) && issuedAt! > start) start = issuedAt!
  }
  return start
}

export interface AttemptPolicy {
  used: number
  remaining: number
  passed: boolean
  nextAttemptAt: Date | null
  blocked: null | { statusCode: 409 | 429, message: string }
}

/** May the learner start another attempt? Pure: takes the submitted attempts of this cycle. */
export function attemptPolicy(quiz: QuizDefinition, submitted: { submittedAt?: Date | null, passed?: boolean | null }[], now: Date): AttemptPolicy {
  const used = submitted.length
  const remaining = Math.max(0, quiz.attemptLimit - used)
  const passed = submitted.some(a => a.passed)
  const last = submitted.map(a => a.submittedAt!).sort((a, b) => b.getTime() - a.getTime())[0]
  const nextAttemptAt = last && quiz.cooldownMinutes ? new Date(last.getTime() + quiz.cooldownMinutes * 60_000) : null
  let blocked: AttemptPolicy['blocked'] = null
  if (passed) blocked = { statusCode: 409, message: 'You have already passed this quiz.' }
  else if (remaining === 0) blocked = { statusCode: 409, message: `You have used all ${quiz.attemptLimit} attempts at this quiz. Ask your trainer if you need another.` }
  else if (nextAttemptAt && nextAttemptAt > now) {
    blocked = { statusCode: 429, message: `You can try again from ${nextAttemptAt.toISOString().slice(11, 16)} UTC, ${quiz.cooldownMinutes} minutes after your last attempt.` }
  }
  return { used, remaining, passed, nextAttemptAt: nextAttemptAt && nextAttemptAt > now ? nextAttemptAt : null, blocked }
}

export async function loadPolicy(library: ContentLibrary, user: Types.ObjectId, quiz: QuizDefinition, now: Date) {
  const record = await getLearnerRecord(user)
  const since = attemptCycleStart(library, record, quiz.id, now)
  const attempts = Object.entries(record.quizAttempts)
    .filter(([, a]) => a.quiz === quiz.id)
    .map(([id, a]) => ({ ...a, _id: id, startedAt: new Date(a.startedAt), submittedAt: a.submittedAt ? new Date(a.submittedAt) : undefined }))
    .sort((a, b) => a.number - b.number)
  const submitted = attempts.filter(a => a.status === 'submitted' && a.startedAt >= since)
  return { attempts, policy: attemptPolicy(quiz, submitted, now), inProgress: attempts.find(a => a.status === 'in-progress') }
}

/** Resumes the attempt in progress or starts a new one (call under the learner's lock). */
export async function startAttempt(library: ContentLibrary, user: Types.ObjectId, quiz: QuizDefinition, version: string, now = new Date()): Promise<AttemptDoc> {
  const { attempts, policy, inProgress } = await loadPolicy(library, user, quiz, now)
  if (inProgress) return (await QuizAttemptModel.findById(inProgress._id).lean())!
  if (policy.blocked) throw createError({ statusCode: policy.blocked.statusCode, statusMessage: policy.blocked.message })
  const draw = drawQuestions(quiz)
  const number = (attempts.at(-1)?.number ?? 0) + 1
  // The unique (user, quiz, number) index stops a second process starting the same attempt.
  const created = await QuizAttemptModel.create({
    user,
    quiz: quiz.id,
    version,
    number,
    status: 'in-progress',
    draw,
    snapshot: draw.map(d => quiz.questions.find(q => q.id === d.question)),
    answers: {},
    startedAt: now,
  }).catch((error) => {
    if (isDuplicateKey(error)) throw createError({ statusCode: 409, statusMessage: 'Another tab is starting this quiz; reload the page.' })
    throw error
  })
  await noteFacts(user, { [`quizAttempts.${created._id}`]: { quiz: quiz.id, number, status: 'in-progress', startedAt: now } })
  return created.toObject()
}

const snapshotQuestions = (attempt: AttemptDoc) => attempt.snapshot as QuizQuestion[]

export function snapshotQuiz(attempt: AttemptDoc, quiz: QuizDefinition): QuizDefinition {
  return { ...quiz, questions: snapshotQuestions(attempt) }
}

export function gradeStoredAttempt(attempt: AttemptDoc, quiz: QuizDefinition) {
  // An attempt submitted without a single saved answer has no answers object at all.
  return gradeAttempt(snapshotQuiz(attempt, quiz), attempt.draw as DrawnQuestion[], (attempt.answers ?? {}) as Record<string, QuizAnswer | null>)
}

/** What the learner (or a reviewing trainer) sees; keys and explanations only once submitted. */
export function attemptView(attempt: AttemptDoc, quiz: QuizDefinition) {
  const questions = snapshotQuestions(attempt)
  const draw = attempt.draw as DrawnQuestion[]
  const answers = (attempt.answers ?? {}) as Record<string, QuizAnswer | null>
  const base = {
    id: String(attempt._id),
    quiz: { id: quiz.id, title: quiz.title, course: quiz.course, passMark: quiz.passMark },
    number: attempt.number,
    status: attempt.status,
    version: attempt.version,
    startedAt: attempt.startedAt,
    questions: draw.map(d => presentQuestion(questions.find(q => q.id === d.question)!, d)),
    answers,
  }
  if (attempt.status !== 'submitted') return { ...base, result: null }
  return {
    ...base,
    result: {
      score: attempt.score!,
      correct: attempt.correct!,
      total: attempt.total!,
      passed: attempt.passed!,
      submittedAt: attempt.submittedAt!,
      review: draw.map((d) => {
        const question = questions.find(q => q.id === d.question)!
        return {
          id: question.id,
          correct: attempt.results.find(r => r.question === question.id)?.correct ?? false,
          correctAnswer: correctAnswer(question),
          explanation: question.explanation,
        }
      }),
      coaching: attempt.coaching.map(c => ({ author: c.authorName, text: c.text, at: c.at })),
    },
  }
}
