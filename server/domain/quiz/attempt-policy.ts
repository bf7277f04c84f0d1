import type { QuizDefinition } from '../../../shared/schemas/content'
import type { AttemptsLeft } from '../../../shared/types/learning'
import { formatDateTime } from '../../../shared/utils/format'

// Pure: may the learner start another attempt at a quiz (or run of a role-play)? The
// file's limit and cooldown, plus the remedies granted (extra attempts, a lifted cooldown).

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

export const quizRules = (quiz: Pick<QuizDefinition, 'attemptLimit' | 'cooldownMinutes'>): PolicyRules =>
  ({ attemptLimit: quiz.attemptLimit, cooldownMinutes: quiz.cooldownMinutes, noun: 'quiz', blockWhenPassed: true })

/** Takes the finished attempts of this cycle and the remedies granted. */
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
    blocked = { statusCode: 429, message: `You can try again from ${formatDateTime(nextAttemptAt, { round: 'up', dateless: true })}, ${rules.cooldownMinutes} minutes after your last attempt.` }
  }
  const afterLast = limit === null ? null : 'After your last attempt you see the full review, and a trainer or HR can grant you another attempt if you need one.'
  return { used, limit, extra: grants.extra, remaining, passed, nextAttemptAt: nextAttemptAt && nextAttemptAt > now ? nextAttemptAt : null, blocked, afterLast }
}

/** The policy as the learner reads it beside an attempt or a run. */
export const attemptsLeft = (policy: AttemptPolicy): AttemptsLeft =>
  ({ used: policy.used, limit: policy.limit, remaining: policy.remaining, extra: policy.extra, afterLast: policy.afterLast, blocked: policy.blocked?.message ?? null })
