import { mountSuspended } from '@nuxt/test-utils/runtime'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import QuizQuestionMoves from '../../components/quiz/QuizQuestionMoves.vue'

describe('QuizQuestionMoves', () => {
  it('offers no way back from the first question and goes forward by submitting the form', async () => {
    const submits = ref(0)
    const onSubmit = (e: Event) => {
      e.preventDefault()
      submits.value++
    }
    const Host = defineComponent(() => () => h('form', { onSubmit }, [
      h(QuizQuestionMoves, { first: true, last: false, reviewLabel: 'Review your answers' }),
    ]))
    const host = await mountSuspended(Host, { attachTo: document.body })
    const [back, forward] = host.findAll('button')
    expect(back!.text()).toContain('Previous question')
    expect(back!.attributes('disabled')).toBeDefined()
    expect(forward!.text()).toBe('Next question →')
    expect(forward!.attributes('type')).toBe('submit')
    await forward!.trigger('click')
    expect(submits.value).toBe(1)
    host.unmount()
  })

  it('asks for the previous question, and on the last question says the review label it is given', async () => {
    const moves = await mountSuspended(QuizQuestionMoves, { props: { first: false, last: true, reviewLabel: 'Review the answers' } })
    const [back, forward] = moves.findAll('button')
    expect(back!.attributes('disabled')).toBeUndefined()
    await back!.trigger('click')
    expect(moves.emitted('previous')).toHaveLength(1)
    expect(forward!.text()).toBe('Review the answers →')
    await moves.setProps({ reviewLabel: 'Review your answers' })
    expect(forward!.text()).toBe('Review your answers →')
  })
})
