import { describe, expect, it } from 'vitest'
import type { QuizDefinition } from '../../shared/schemas/content'
import { answerFits, drawQuestions, gradeAttempt, isCorrect, presentQuestion } from '../../server/domain/quiz/grading'
import { attemptPolicy, quizRules } from '../../server/domain/quiz/attempt-policy'

const quiz: QuizDefinition = {
  id: 'sample-quiz', title: 'Sample', course: 'sample', passMark: 75, attemptLimit: 2, cooldownMinutes: 30, review: 'after-pass',
  questions: [
    { id: 'single', type: 'single', prompt: 'Pick one', skill: 'empathy', explanation: 'Because.', options: [{ id: 'a', text: 'A', correct: true }, { id: 'b', text: 'B', correct: false }] },
    { id: 'multi', type: 'multiple', prompt: 'Pick some', skill: 'communication', explanation: 'Because.', options: [{ id: 'a', text: 'A', correct: true }, { id: 'b', text: 'B', correct: true }, { id: 'c', text: 'C', correct: false }] },
    { id: 'tf', type: 'truefalse', prompt: 'True?', skill: 'follow-up', explanation: 'Because.', answer: false },
    { id: 'order', type: 'ordering', prompt: 'Order', skill: 'problem-solving', explanation: 'Because.', items: [{ id: 'x', text: 'X' }, { id: 'y', text: 'Y' }, { id: 'z', text: 'Z' }] },
  ],
}
const q = (id: string) => quiz.questions.find(x => x.id === id)!

// A fixed sequence stands in for Math.random, so draws are repeatable.
const sequence = (...values: number[]) => {
  let i = 0
  return () => values[i++ % values.length]!
}

describe('grading', () => {
  it('grades a single-choice question on the one correct option', () => {
    expect(isCorrect(q('single'), 'a')).toBe(true)
    expect(isCorrect(q('single'), 'b')).toBe(false)
    expect(isCorrect(q('single'), ['a'])).toBe(false)
  })

  it('grades a multiple-response question only when exactly the correct set is chosen', () => {
    expect(isCorrect(q('multi'), ['b', 'a'])).toBe(true)
    expect(isCorrect(q('multi'), ['a'])).toBe(false)
    expect(isCorrect(q('multi'), ['a', 'b', 'c'])).toBe(false)
    expect(isCorrect(q('multi'), ['a', 'a'])).toBe(false)
  })

  it('grades a true/false question on the boolean', () => {
    expect(isCorrect(q('tf'), false)).toBe(true)
    expect(isCorrect(q('tf'), true)).toBe(false)
    expect(isCorrect(q('tf'), 'false')).toBe(false)
  })

  it('grades an ordering question only in the authored order', () => {
    expect(isCorrect(q('order'), ['x', 'y', 'z'])).toBe(true)
    expect(isCorrect(q('order'), ['y', 'x', 'z'])).toBe(false)
    expect(isCorrect(q('order'), ['x', 'y'])).toBe(false)
  })

  it('treats a missing answer as wrong and refuses answers of the wrong shape', () => {
    expect(isCorrect(q('single'), null)).toBe(false)
    expect(answerFits(q('single'), 'nope')).toBe(false)
    expect(answerFits(q('order'), ['x', 'y', 'y'])).toBe(false)
    expect(answerFits(q('tf'), true)).toBe(true)
  })

  it('scores an attempt as a rounded percentage against the pass mark', () => {
    const draw = quiz.questions.map(x => ({ question: x.id, order: [] }))
    const three = gradeAttempt(quiz, draw, { single: 'a', multi: ['a', 'b'], tf: false, order: ['z', 'y', 'x'] })
    expect(three).toMatchObject({ correct: 3, total: 4, score: 75, passed: true })
    const two = gradeAttempt(quiz, draw, { single: 'a', multi: ['a'], tf: false, order: null })
    expect(two).toMatchObject({ correct: 2, total: 4, score: 50, passed: false })
    expect(two.results.find(r => r.question === 'multi')).toEqual({ question: 'multi', skill: 'communication', correct: false })
  })

  it('draws the pool size, shuffles options, and never shows an ordering question already solved', () => {
    const draw = drawQuestions({ ...quiz, poolSize: 3 }, sequence(0.9, 0.1, 0.5, 0.3, 0.7))
    expect(draw).toHaveLength(3)
    expect(new Set(draw.map(d => d.question)).size).toBe(3)
    const ordering = drawQuestions(quiz, () => 0.999).find(d => d.question === 'order')!
    expect(ordering.order).not.toEqual(['x', 'y', 'z'])
    expect([...ordering.order].sort()).toEqual(['x', 'y', 'z'])
  })

  it('presents questions without any key', () => {
    for (const question of quiz.questions) {
      const shown = presentQuestion(question, { question: question.id, order: question.type === 'ordering' ? ['z', 'x', 'y'] : question.type === 'truefalse' ? [] : ['b', 'a'].concat(question.type === 'multiple' ? ['c'] : []) })
      const text = JSON.stringify(shown)
      expect(text).not.toMatch(/correct|answer|explanation/)
    }
  })
})

describe('attempt limits and cooldown', () => {
  const now = new Date('2026-11-25T12:00:00Z')
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000)

  it('allows a first attempt', () => {
    expect(attemptPolicy(quizRules(quiz), [], now)).toMatchObject({ used: 0, remaining: 2, blocked: null })
  })

  it('refuses a second attempt inside the cooldown, saying when to come back', () => {
    const policy = attemptPolicy(quizRules(quiz), [{ submittedAt: minutesAgo(10), passed: false }], now)
    expect(policy.blocked?.statusCode).toBe(429)
    expect(policy.blocked?.message).toContain('12:20 UTC')
    expect(policy.nextAttemptAt).toEqual(new Date('2026-11-25T12:20:00Z'))
  })

  it('never shows the time to come back earlier than it is: 12:20:46 reads 12:21, not 12:20', () => {
    const policy = attemptPolicy(quizRules(quiz), [{ submittedAt: new Date(minutesAgo(10).getTime() + 46_000), passed: false }], now)
    expect(policy.blocked?.message).toContain('12:21 UTC')
    expect(policy.nextAttemptAt).toEqual(new Date('2026-11-25T12:20:46Z'))
  })

  it('allows the next attempt once the cooldown has passed', () => {
    expect(attemptPolicy(quizRules(quiz), [{ submittedAt: minutesAgo(31), passed: false }], now).blocked).toBeNull()
  })

  it('refuses a third attempt when the limit is two', () => {
    const policy = attemptPolicy(quizRules(quiz), [{ submittedAt: minutesAgo(300), passed: false }, { submittedAt: minutesAgo(200), passed: false }], now)
    expect(policy).toMatchObject({ remaining: 0, blocked: { statusCode: 409 } })
  })

  it('refuses another attempt after a pass', () => {
    expect(attemptPolicy(quizRules(quiz), [{ submittedAt: minutesAgo(300), passed: true }], now).blocked?.message).toBe('You have already passed this quiz.')
  })

  it('allows one more attempt once one is granted, and says what happens after the last', () => {
    const used = [{ submittedAt: minutesAgo(300), passed: false }, { submittedAt: minutesAgo(200), passed: false }]
    const policy = attemptPolicy(quizRules(quiz), used, now, { extra: 1, cooldownLiftedAt: null })
    expect(policy).toMatchObject({ limit: 3, extra: 1, remaining: 1, blocked: null })
    expect(policy.afterLast).toContain('full review')
  })

  it('lets the learner start at once when the cooldown was lifted after their last attempt', () => {
    const used = [{ submittedAt: minutesAgo(10), passed: false }]
    expect(attemptPolicy(quizRules(quiz), used, now, { extra: 0, cooldownLiftedAt: minutesAgo(5) })).toMatchObject({ blocked: null, nextAttemptAt: null })
    // A lift before the last attempt does not cover the next cooldown.
    expect(attemptPolicy(quizRules(quiz), used, now, { extra: 0, cooldownLiftedAt: minutesAgo(20) }).blocked?.statusCode).toBe(429)
  })

  it('has no limit for a role-play without attemptLimit', () => {
    const policy = attemptPolicy({ noun: 'role-play', blockWhenPassed: false }, [{ submittedAt: minutesAgo(1), passed: false }], now)
    expect(policy).toMatchObject({ limit: null, remaining: null, blocked: null, afterLast: null })
  })
})
