import type { Types } from 'mongoose'
import type { QuizDefinition, QuizQuestion } from '../../shared/schemas/content'
import type { QuizAnswer } from '../../shared/schemas/learning'
import { CertificateModel } from '../models/certificate'
import { QuizAttemptModel, type QuizAttempt } from '../models/quiz-attempt'
import type { ContentLibrary } from './content-library'
import { correctAnswer, drawQuestions, gradeAttempt, presentQuestion, type DrawnQuestion } from './grading'

type AttemptDoc = QuizAttempt & { _id: Types.ObjectId }

/**
 * Attempts count from the start of the learner's current certification cycle: after
 * a certificate on a path with this quiz expires, the attempts start over.
 */
export async function attemptCycleStart(library: ContentLibrary, user: Types.ObjectId, quizId: string, now: Date) {
  const paths = [...library.paths.values()].filter(p => p.definition.requires.quizzes.includes(quizId)).map(p => p.definition.id)
  if (!paths.length) return new Date(0)
  const certificates = await CertificateModel.find({ user, path: { $in: paths } }, { path: 1, cycle: 1, issuedAt: 1, expiresAt: 1, revokedAt: 1 }).lean()
  let start = new Date(0)
  for (const path of paths) {
    const latest = certificates.filter(c => c.path === path).sort((a, b) => b.cycle - a.cycle)[0]
    if (latest && (latest.revokedAt || latest.expiresAt <= now) && latest.issuedAt > start) start = latest.issuedAt
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
  const since = await attemptCycleStart(library, user, quiz.id, now)
  const attempts = await QuizAttemptModel.find({ user, quiz: quiz.id }, { number: 1, status: 1, score: 1, passed: 1, startedAt: 1, submittedAt: 1 })
    .sort({ number: 1 }).lean()
  const submitted = attempts.filter(a => a.status === 'submitted' && a.startedAt >= since)
  return { attempts, policy: attemptPolicy(quiz, submitted, now), inProgress: attempts.find(a => a.status === 'in-progress') }
}

/** Resumes the attempt in progress or starts a new one; two racing starts give one attempt. */
export async function startAttempt(library: ContentLibrary, user: Types.ObjectId, quiz: QuizDefinition, version: string, now = new Date()): Promise<AttemptDoc> {
  for (let tries = 0; tries < 3; tries++) {
    const { attempts, policy, inProgress } = await loadPolicy(library, user, quiz, now)
    if (inProgress) return (await QuizAttemptModel.findById(inProgress._id).lean())!
    if (policy.blocked) throw createError({ statusCode: policy.blocked.statusCode, statusMessage: policy.blocked.message })
    const draw = drawQuestions(quiz)
    try {
      const created = await QuizAttemptModel.create({
        user,
        quiz: quiz.id,
        version,
        number: (attempts.at(-1)?.number ?? 0) + 1,
        status: 'in-progress',
        draw,
        snapshot: draw.map(d => quiz.questions.find(q => q.id === d.question)),
        answers: {},
        startedAt: now,
      })
      return created.toObject()
    }
    catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error
    }
  }
  throw createError({ statusCode: 409, statusMessage: 'Another tab is starting this quiz; reload the page.' })
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
