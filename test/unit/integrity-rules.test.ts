import { describe, expect, it } from 'vitest'
import type { QuizDefinition, ScenarioDefinition } from '../../shared/schemas/content'
import type { RemedyFact } from '../../server/models/learner-record'
import { cooldownLiftedAt, dueDateOverrides, exemptPaths, extraAttempts } from '../../server/domain/remedies/remedy-rules'
import { describeDuration, readingFloorMs, readingTimeLeft } from '../../server/domain/learning/lesson-completions'
import { quizReveal } from '../../server/domain/quiz/quiz-attempts'
import { runReveal } from '../../server/domain/scenario/scenario-runs'
import { hrStatus } from '../../server/domain/hr/hr-dashboard'

const at = (iso: string) => new Date(iso)
const fact = (f: Partial<RemedyFact> & Pick<RemedyFact, 'kind' | 'item'>): RemedyFact => ({ reason: 'why', actor: 'a', actorName: 'A', at: at('2026-11-20T10:00:00Z'), ...f })

describe('remedy rules', () => {
  const remedies: Record<string, RemedyFact> = {
    r1: fact({ kind: 'extra-attempts', item: { type: 'quiz', id: 'q' }, attempts: 1, at: at('2026-10-01T00:00:00Z') }),
    r2: fact({ kind: 'extra-attempts', item: { type: 'quiz', id: 'q' }, attempts: 2 }),
    r3: fact({ kind: 'extra-attempts', item: { type: 'scenario', id: 'q' }, attempts: 5 }),
    r4: fact({ kind: 'lift-cooldown', item: { type: 'quiz', id: 'q' }, at: at('2026-11-21T00:00:00Z') }),
    r5: fact({ kind: 'extend-due-date', item: { type: 'path', id: 'p' }, dueAt: at('2026-12-10T00:00:00Z'), cycle: 1, at: at('2026-11-01T00:00:00Z') }),
    r6: fact({ kind: 'extend-due-date', item: { type: 'path', id: 'p' }, dueAt: at('2026-12-20T00:00:00Z'), cycle: 1, at: at('2026-11-02T00:00:00Z') }),
    r7: fact({ kind: 'exempt', item: { type: 'path', id: 'x' } }),
  }

  it.each([
    ['every grant at this quiz', new Date(0), 3],
    ['only the grants of the current cycle', at('2026-11-01T00:00:00Z'), 2],
  ])('counts extra attempts: %s', (_, since, expected) => {
    expect(extraAttempts(remedies, 'quiz', 'q', since)).toBe(expected)
    expect(extraAttempts(remedies, 'quiz', 'other', since)).toBe(0)
  })

  it('reads the latest lifted cooldown, the latest due date per path and the exemptions', () => {
    expect(cooldownLiftedAt(remedies, 'quiz', 'q')).toEqual(at('2026-11-21T00:00:00Z'))
    expect(cooldownLiftedAt(remedies, 'scenario', 'q')).toBeNull()
    expect(dueDateOverrides(remedies).get('p')).toMatchObject({ cycle: 1, dueAt: at('2026-12-20T00:00:00Z') })
    expect([...exemptPaths(remedies)]).toEqual(['x'])
    expect(extraAttempts(undefined, 'quiz', 'q', new Date(0))).toBe(0)
  })

  it('counts an exempt person apart, never overdue', () => {
    const now = at('2026-12-01T00:00:00Z')
    expect(hrStatus({ done: 0, dueAt: at('2026-01-01T00:00:00Z'), exempt: true }, now)).toBe('exempt')
    expect(hrStatus({ done: 0, dueAt: at('2026-01-01T00:00:00Z') }, now)).toBe('overdue')
  })
})

describe('reading floor', () => {
  it.each([
    [5, 30, 90_000],
    [8, 30, 144_000],
    [5, 0, 0],
  ])('a %i-minute lesson at %i %% needs %i ms', (minutes, percent, ms) => {
    expect(readingFloorMs(minutes, percent)).toBe(ms)
  })

  it('counts the time left from the first opening', () => {
    const opened = at('2026-12-01T10:00:00Z')
    expect(readingTimeLeft(opened, at('2026-12-01T10:00:30Z'), 90_000)).toBe(60_000)
    expect(readingTimeLeft(opened, at('2026-12-01T10:02:00Z'), 90_000)).toBe(0)
    expect(readingTimeLeft(null, at('2026-12-01T10:02:00Z'), 90_000)).toBe(90_000)
    expect(readingTimeLeft(null, at('2026-12-01T10:02:00Z'), 0)).toBe(0)
    expect(describeDuration(80_000)).toBe('1 min 20 s')
    expect(describeDuration(44_100)).toBe('45 s')
  })
})

describe('what a review reveals', () => {
  const quiz = { review: 'after-pass' } as QuizDefinition
  it.each([
    ['after-pass', false, 2, false],
    ['after-pass', true, 2, true],
    ['after-pass', false, 0, true],
    ['after-each-attempt', false, 2, true],
    ['never', true, 0, false],
  ] as const)('a %s quiz, passed %s, %i left: full review %s', (review, passed, remaining, full) => {
    expect(quizReveal({ ...quiz, review }, passed, { remaining })).toBe(full)
    expect(runReveal({ review } as ScenarioDefinition, passed, { remaining, passed: false })).toBe(full)
  })

  it('shows a reviewing trainer everything', () => {
    expect(quizReveal({ ...quiz, review: 'never' }, false, null)).toBe(true)
    expect(runReveal({ review: 'after-pass' } as ScenarioDefinition, false, null)).toBe(true)
  })

  it('keeps a role-play without a limit hidden until passed', () => {
    expect(runReveal({ review: 'after-pass' } as ScenarioDefinition, false, { remaining: null, passed: false })).toBe(false)
    expect(runReveal({ review: 'after-pass' } as ScenarioDefinition, false, { remaining: null, passed: true })).toBe(true)
  })
})
