import { defineStore } from 'pinia'
import type { QuizAnswer } from '#shared/schemas/learning'
import type { AttemptView, SavedAnswers } from '#shared/types/learning'

// The attempt in progress: answers are kept here and saved to the server as the
// learner goes (debounced), so a reload or a dropped connection loses nothing.
export const useQuizAttemptStore = defineStore('quiz-attempt', () => {
  const attempt = ref<AttemptView | null>(null)
  const answers = ref<Record<string, QuizAnswer | null>>({})
  const saveState = ref<'saved' | 'saving' | 'unsaved' | 'error'>('saved')
  const submitting = ref(false)
  const error = ref<string | null>(null)
  /** Which question is on screen (0-based), or the review screen before submitting. */
  const position = ref<number | 'review'>(0)
  const pending = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | undefined

  const answeredCount = computed(() => Object.values(answers.value).filter(a => a !== null && a !== undefined).length)
  const questionCount = computed(() => attempt.value?.questions.length ?? 0)

  function use(view: AttemptView) {
    attempt.value = view
    answers.value = { ...view.answers }
    // Resuming puts the learner at the first question still unanswered.
    const open = view.questions.findIndex(q => answers.value[q.id] === null || answers.value[q.id] === undefined)
    position.value = open === -1 ? (view.questions.length ? 'review' : 0) : open
    saveState.value = 'saved'
    error.value = null
  }

  async function start(quizId: string) {
    error.value = null
    try {
      use(await withRetry(() => api<AttemptView>(`/api/quizzes/${quizId}/attempts`, { method: 'POST' })))
    }
    catch (e) {
      error.value = apiErrorMessage(e)
    }
  }

  function setAnswer(questionId: string, answer: QuizAnswer | null) {
    answers.value[questionId] = answer
    pending.add(questionId)
    saveState.value = 'unsaved'
    clearTimeout(timer)
    timer = setTimeout(() => void save(), 600)
  }

  async function save() {
    if (!attempt.value || pending.size === 0) return
    clearTimeout(timer)
    const changed = Object.fromEntries([...pending].map(id => [id, answers.value[id] ?? null]))
    pending.clear()
    saveState.value = 'saving'
    try {
      await withRetry(() => api<SavedAnswers>(`/api/quiz-attempts/${attempt.value!.id}/answers`, { method: 'PUT', body: { answers: changed } }))
      if (pending.size === 0) saveState.value = 'saved'
    }
    catch (e) {
      for (const id of Object.keys(changed)) pending.add(id)
      saveState.value = 'error'
      error.value = apiErrorMessage(e)
    }
  }

  async function submit() {
    if (!attempt.value || submitting.value) return
    submitting.value = true
    error.value = null
    try {
      await save()
      if (saveState.value === 'error') return
      // Submitting is idempotent on the server, so retrying after a lost answer is safe.
      use(await withRetry(() => api<AttemptView>(`/api/quiz-attempts/${attempt.value!.id}/submit`, { method: 'POST' })))
    }
    catch (e) {
      error.value = apiErrorMessage(e)
    }
    finally {
      submitting.value = false
    }
  }

  function goTo(where: number | 'review') {
    position.value = where === 'review' ? 'review' : Math.min(Math.max(where, 0), Math.max(questionCount.value - 1, 0))
    // Moving on is a good moment to save what was changed on the question left behind.
    if (pending.size) void save()
  }

  function reset() {
    clearTimeout(timer)
    pending.clear()
    attempt.value = null
    answers.value = {}
    error.value = null
    saveState.value = 'saved'
    position.value = 0
  }

  return { attempt, answers, saveState, submitting, error, position, answeredCount, questionCount, use, start, setAnswer, save, goTo, submit, reset }
})
