import { defineStore } from 'pinia'

import type { RunView, StepView } from '#shared/types/learning'

// The role-play in progress: one reply at a time, each sent with the node it answers
// so a retried request is recognised by the server rather than applied twice.
export const useScenarioRunStore = defineStore('scenario-run', () => {
  const run = ref<RunView | null>(null)
  const sending = ref(false)
  const error = ref<string | null>(null)
  const lastFeedback = ref<StepView['step'] | null>(null)

  async function start(scenarioId: string) {
    error.value = null
    lastFeedback.value = null
    try {
      run.value = await withRetry(() => api<RunView>(`/api/scenarios/${scenarioId}/runs`, { method: 'POST' }))
    }
    catch (e) {
      error.value = apiErrorMessage(e)
    }
  }

  /** A reply picked (choice) or written (text) at the current node. */
  async function answer(reply: { choice: string } | { text: string }) {
    const current = run.value
    if (!current?.node || sending.value) return
    sending.value = true
    error.value = null
    try {
      const answer = await withRetry(() => api<StepView>(`/api/scenario-runs/${current.id}/steps`, { method: 'POST', body: { node: current.node!.id, ...reply } }))
      run.value = answer.run
      lastFeedback.value = answer.step
    }
    catch (e) {
      error.value = apiErrorMessage(e)
    }
    finally {
      sending.value = false
    }
  }

  function reset() {
    run.value = null
    lastFeedback.value = null
    error.value = null
  }

  const choose = (choice: string) => answer({ choice })
  const write = (text: string) => answer({ text })

  return { run, sending, error, lastFeedback, start, choose, write, reset }
})
