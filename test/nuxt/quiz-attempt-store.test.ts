import { registerEndpoint } from '@nuxt/test-utils/runtime'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useQuizAttemptStore } from '../../stores/quiz-attempt'

// The store talks to fake endpoints: what it sends and what it keeps are checked.
const attempt = {
  id: 'a1',
  status: 'in-progress',
  questions: [{ id: 'q1', type: 'single', prompt: 'Pick one', options: [{ id: 'x', text: 'X' }, { id: 'y', text: 'Y' }] }, { id: 'q2', type: 'truefalse', prompt: 'True?', options: [] }],
  answers: { q1: 'x' },
  result: null,
}
const saved: unknown[] = []
let submits = 0

registerEndpoint('/api/quizzes/demo-quiz/attempts', { method: 'POST', handler: () => attempt })
registerEndpoint('/api/quiz-attempts/a1/answers', {
  method: 'PUT',
  handler: async (event) => {
    const { readBody } = await import('h3')
    saved.push(await readBody(event))
    return { saved: 1 }
  },
})
registerEndpoint('/api/quiz-attempts/a1/submit', {
  method: 'POST',
  handler: () => {
    submits++
    return { ...attempt, status: 'submitted', result: { score: 50, passed: false } }
  },
})

describe('quiz attempt store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    saved.length = 0
    submits = 0
  })

  it('resumes the answers the server saved', async () => {
    const store = useQuizAttemptStore()
    await store.start('demo-quiz')
    expect(store.attempt?.id).toBe('a1')
    expect(store.answers).toEqual({ q1: 'x' })
    expect(store.answeredCount).toBe(1)
    expect(store.questionCount).toBe(2)
  })

  it('resumes at the first unanswered question and keeps moves inside the quiz', async () => {
    const store = useQuizAttemptStore()
    await store.start('demo-quiz')
    expect(store.position).toBe(1)
    store.goTo(5)
    expect(store.position).toBe(1)
    store.goTo(-1)
    expect(store.position).toBe(0)
    store.goTo('review')
    expect(store.position).toBe('review')
  })

  it('saves changed answers, debounced, and saves what is pending before submitting', async () => {
    vi.useFakeTimers()
    const store = useQuizAttemptStore()
    await store.start('demo-quiz')
    store.setAnswer('q1', 'y')
    store.setAnswer('q2', true)
    expect(store.saveState).toBe('unsaved')
    expect(saved).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(700)
    vi.useRealTimers()
    await vi.waitFor(() => expect(store.saveState).toBe('saved'))
    expect(saved).toEqual([{ answers: { q1: 'y', q2: true } }])
    store.setAnswer('q2', false)
    await store.submit()
    expect(saved.at(-1)).toEqual({ answers: { q2: false } })
    expect(submits).toBe(1)
    expect(store.attempt?.status).toBe('submitted')
  })
})
