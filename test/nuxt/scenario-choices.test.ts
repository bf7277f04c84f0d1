import { mountSuspended } from '@nuxt/test-utils/runtime'
import { describe, expect, it } from 'vitest'
import ScenarioChoices from '../../components/scenario/ScenarioChoices.vue'

describe('ScenarioChoices', () => {
  const choices = [{ id: 'a', text: 'Say sorry' }, { id: 'b', text: 'Say nothing' }]

  it('heads the learner\'s replies "Your reply" and reports the one chosen', async () => {
    const list = await mountSuspended(ScenarioChoices, { props: { choices } })
    expect(list.find('h2').text()).toBe('Your reply')
    await list.findAll('button')[1]!.trigger('click')
    expect(list.emitted('choose')).toEqual([['b']])
  })

  it('takes the heading a trainer\'s preview gives it', async () => {
    const list = await mountSuspended(ScenarioChoices, { props: { choices, heading: 'Or follow a branch without writing' } })
    expect(list.find('h2').text()).toBe('Or follow a branch without writing')
  })
})
