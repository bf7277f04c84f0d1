import type { Types } from 'mongoose'
import type { QuizDefinition, QuizQuestion } from '../../../shared/schemas/content'
import type { QuizAnswer } from '../../../shared/schemas/learning'
import type { LearnerRecord } from '../../models/learner-record'
import { QuizAttemptModel, type QuizAttempt } from '../../models/quiz-attempt'
import type { ContentLibrary } from '../content/content-library'
import { getContentLibrary } from '../content/content-store'
import { getLearnerRecord, noteFacts } from '../learning/learner-record'
import { cooldownLiftedAt, extraAttempts } from '../remedies/remedy-rules'
import { correctAnswer, drawQuestions, gradeAttempt, presentQuestion, type DrawnQuestion } from './grading'

type AttemptDoc = QuizAttempt & { _id: Types.ObjectId }

/**
 * Attempts count from the start of the learner's current certification cycle: after
 * a certificate on a path with this quiz expires, the attempts start over.
 */
export function attemptCycleStart(library: ContentLibrary, record: LearnerRecord, itemId: string, now: Date, kind: 'quizzes' | 'scenarios' = 'quizzes') {
  const paths = [...library.paths.values()].filter(p => p.definition.requires[kind].includes(itemId)).map(p => p.definition.id)
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
  /** Attempts allowed in this cycle (the file's limit plus any granted); null: no limit. */
  limit: number | null
  /** Attempts granted beyond the file's limit in this cycle. */
  extra: number
  remaining: number | null
  passed: boolean
  nextAttemptAt: Date | null
  blocked: null | { statusCode: 409 | 429, message: string }
  /** What happens once the last attempt is used, in words for the learner. */
  afterLast: string | null
}

export interface PolicyRules { attemptLimit?: number, cooldownMinutes?: number, noun: 'quiz' | 'role-play', blockWhenPassed: boolean }
export interface PolicyGrants { extra: number, cooldownLiftedAt: Date | null }

/**
 * May the learner start another attempt? Pure: takes the finished attempts of this cycle
 * and the remedies granted (extra attempts, a lifted cooldown).
 */
export function attemptPolicy(rules: PolicyRules, finished: { submittedAt?: Date | null, passed?: boolean | null }[], now: Date, grants: PolicyGrants = { extra: 0, cooldownLiftedAt: null }): AttemptPolicy {
  const used = finished.length
  const limit = rules.attemptLimit === undefined ? null : rules.attemptLimit + grants.extra
  const remaining = limit === null ? null : Math.max(0, limit - used)
  const passed = finished.some(a => a.passed)
  const last = finished.map(a => a.submittedAt!).sort((a, b) => b.getTime() - a.getTime())[0]
  const lifted = last && grants.cooldownLiftedAt && grants.cooldownLiftedAt >= last
  const nextAttemptAt = last && rules.cooldownMinutes && !lifted ? new Date(last.getTime() + rules.cooldownMinutes * 60_000) : null
  let blocked: AttemptPolicy['blocked'] = null
  if (passed && rules.blockWhenPassed) blocked = { statusCode: 409, message: `You have already passed this ${rules.noun}.` }
  else if (remaining === 0 && !passed) {
    blocked = { statusCode: 409, message: `You have used all ${limit} attempts at this ${rules.noun}. Your trainer or HR can grant you another if you need it; your full review is open to you now.` }
  }
  else if (nextAttemptAt && nextAttemptAt > now) {
    blocked = { statusCode: 429, message: `You can try again from ${nextAttemptAt.toISOString().slice(11, 16)} UTC, ${rules.cooldownMinutes} minutes after your last attempt.` }
  }
  const afterLast = limit === null
    ? null
    : `After your last attempt you see the full review, and a trainer or HR can grant you another attempt if you need one.`
  return { used, limit, extra: grants.extra, remaining, passed, nextAttemptAt: nextAttemptAt && nextAttemptAt > now ? nextAttemptAt : null, blocked, afterLast }
}

export const quizRules = (quiz: QuizDefinition): PolicyRules => ({ attemptLimit: quiz.attemptLimit, cooldownMinutes: quiz.cooldownMinutes, noun: 'quiz', blockWhenPassed: true })

/** The quiz's attempts and policy, read off the learner's record (pure). */
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

/**
 * Whether the learner's review shows the correct answers and explanations: under
 * after-pass (the default) once they have passed or have no attempt left; always under
 * after-each-attempt; never under never. A trainer reviewing someone else's attempt
 * (policy null) always sees them.
 */
export function quizReveal(quiz: QuizDefinition, passed: boolean, policy: Pick<AttemptPolicy, 'remaining'> | null): boolean {
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

/**
 * What the learner (or a reviewing trainer) sees. Before submission: the questions, no keys.
 * After: the score and which answers were right; the correct answers and explanations only
 * when `reveal` (see quizReveal), otherwise the skills that fell short and lessons to revisit.
 */
export function attemptView(attempt: AttemptDoc, quiz: QuizDefinition, options: { reveal?: boolean, policy?: AttemptPolicy | null, library?: ContentLibrary | null } = {}) {
  const reveal = options.reveal ?? true
  const questions = snapshotQuestions(attempt)
  const draw = attempt.draw as DrawnQuestion[]
  const answers = (attempt.answers ?? {}) as Record<string, QuizAnswer | null>
  const policy = options.policy ?? null
  const base = {
    id: String(attempt._id),
    quiz: { id: quiz.id, title: quiz.title, course: quiz.course, passMark: quiz.passMark },
    number: attempt.number,
    status: attempt.status,
    version: attempt.version,
    startedAt: attempt.startedAt,
    questions: draw.map(d => presentQuestion(questions.find(q => q.id === d.question)!, d)),
    answers,
    attempts: policy ? { used: policy.used, limit: policy.limit, remaining: policy.remaining, extra: policy.extra, afterLast: policy.afterLast, blocked: policy.blocked?.message ?? null } : null,
  }
  if (attempt.status !== 'submitted') return { ...base, result: null }
  const results = attempt.results.map(r => ({ skill: r.skill, correct: r.correct }))
  return {
    ...base,
    result: {
      score: attempt.score!,
      correct: attempt.correct!,
      total: attempt.total!,
      passed: attempt.passed!,
      submittedAt: attempt.submittedAt!,
      fullReview: reveal,
      reviewNote: reveal ? null : reviewNote(quiz, policy),
      review: draw.map((d) => {
        const question = questions.find(q => q.id === d.question)!
        const correct = attempt.results.find(r => r.question === question.id)?.correct ?? false
        return reveal
          ? { id: question.id, correct, correctAnswer: correctAnswer(question), explanation: question.explanation }
          : { id: question.id, correct, correctAnswer: null, explanation: null }
      }),
      ...skillsToRevisit(options.library ?? null, quiz, results),
      coaching: attempt.coaching.map(c => ({ author: c.authorName, text: c.text, at: c.at })),
    },
  }
}

function reviewNote(quiz: QuizDefinition, policy: AttemptPolicy | null) {
  if (quiz.review === 'never') return 'This quiz does not show the correct answers; go back to the lessons below.'
  return `The correct answers and explanations are shown once you pass${policy?.remaining === null ? '' : ' or have used your last attempt'}. Until then, go back to the lessons below.`
}

/** The attempt as the person asking sees it: its owner under the review rule; a reviewing trainer in full. */
export async function attemptViewFor(attempt: AttemptDoc, quiz: QuizDefinition, isOwner: boolean, now = new Date()) {
  const library = await getContentLibrary()
  if (!isOwner) return attemptView(attempt, quiz, { reveal: true, library })
  const { policy } = await loadPolicy(library, attempt.user, quiz, now)
  const passed = attempt.status === 'submitted' && attempt.passed === true
  return attemptView(attempt, quiz, { reveal: quizReveal(quiz, passed || policy.passed, policy), policy, library })
}
