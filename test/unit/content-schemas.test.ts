import { describe, expect, it } from 'vitest'
import { LessonMeta, QuizDefinition } from '../../shared/schemas/content'

const lesson = {
  title: 'Why loyal customers matter',
  description: 'What a returning customer is worth.',
  course: 'why-service-matters',
  order: 1,
  minutes: 5,
  objectives: ['Explain why keeping customers costs less than winning new ones'],
}

describe('content schemas', () => {
  it('accepts a complete lesson and defaults its skills', () => {
    expect(LessonMeta.parse(lesson).skills).toEqual([])
  })

  it('refuses a lesson longer than 8 minutes, naming the field', () => {
    const result = LessonMeta.safeParse({ ...lesson, minutes: 12 })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual(['minutes'])
  })

  it('refuses a question type it does not know', () => {
    const result = QuizDefinition.safeParse({
      id: 'q', title: 'Quiz', course: 'c', passMark: 70, attemptLimit: 3, cooldownMinutes: 0,
      questions: [{ id: 'a', type: 'essay', prompt: 'Write an essay', skill: 'empathy', explanation: 'none given' }],
    })
    expect(result.success).toBe(false)
  })
})
