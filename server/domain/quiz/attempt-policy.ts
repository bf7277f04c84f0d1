import type { QuizDefinition } from '../../../shared/schemas/content'

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
