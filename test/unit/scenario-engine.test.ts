import { describe, expect, it } from 'vitest'
import type { ScenarioDefinition } from '../../shared/schemas/content'
import { addScores, applyChoice, bestRoute, drawChoiceOrder, presentNode, scenarioResult, shuffled } from '../../server/domain/scenario/scenario-engine'

const scenario: ScenarioDefinition = {
  id: 'sample', title: 'Sample', course: 'sample', channel: 'phone', summary: 'A sample conversation.', pitfalls: [],
  persona: { name: 'Ana', description: 'A caller', mood: 'upset' },
  passThresholds: { 'empathy': 3, 'follow-up': 1 },
  review: 'after-pass',
  start: 'open',
  nodes: {
    open: { customer: 'Hello?', choices: [
      { id: 'kind', text: 'Hi, I can help.', next: 'mid', feedback: 'Good start.', scores: { empathy: 2 } },
      { id: 'rude', text: 'What?', next: 'mid', feedback: 'Too curt.', scores: { empathy: -2 } },
    ] },
    mid: { customer: 'My order is late.', choices: [
      { id: 'own', text: 'I will chase it and call you back today.', next: 'good', feedback: 'Ownership.', scores: { 'empathy': 2, 'follow-up': 2 } },
      { id: 'shrug', text: 'Not my department.', next: 'bad', feedback: 'Passing the buck.', scores: { empathy: -1 } },
    ] },
    good: { outcome: 'Ana is reassured.', result: 'resolved', choices: [] },
    bad: { outcome: 'Ana hangs up.', result: 'lost', choices: [] },
  },
}

describe('scenario engine', () => {
  it('shows the customer line and the replies, but no scores, feedback or routes', () => {
    const shown = presentNode(scenario, 'open')
    expect(shown).toEqual({ id: 'open', customer: 'Hello?', choices: [{ id: 'kind', text: 'Hi, I can help.' }, { id: 'rude', text: 'What?' }], written: null, end: false })
  })

  it('applies an offered choice and refuses one that is not offered here', () => {
    expect(applyChoice(scenario, 'open', 'kind')).toMatchObject({ next: 'mid', ended: false })
    expect(applyChoice(scenario, 'mid', 'own')).toMatchObject({ next: 'good', ended: true })
    expect(applyChoice(scenario, 'open', 'own')).toBeUndefined()
  })

  it('passes a learner who meets every threshold and reports scores against the best route', () => {
    const scores = addScores(addScores({}, { empathy: 2 }), { 'empathy': 2, 'follow-up': 2 })
    const result = scenarioResult(scenario, scores, 'good')
    expect(result).toMatchObject({ passed: true, result: 'resolved', outcome: 'Ana is reassured.' })
    expect(result.skills).toEqual([
      { skill: 'empathy', score: 4, max: 4, threshold: 3, percent: 100, passed: true },
      { skill: 'follow-up', score: 2, max: 2, threshold: 1, percent: 100, passed: true },
    ])
  })

  it('fails a learner below a threshold, naming the skill', () => {
    const result = scenarioResult(scenario, { empathy: -3 }, 'bad')
    expect(result.passed).toBe(false)
    expect(result.skills.filter(s => !s.passed).map(s => s.skill)).toEqual(['empathy', 'follow-up'])
  })

  it('shows the replies in the order drawn for the run, the same on every call', () => {
    const order = { open: ['rude', 'kind'] }
    expect(presentNode(scenario, 'open', order).choices.map(c => c.id)).toEqual(['rude', 'kind'])
    expect(presentNode(scenario, 'open', order)).toEqual(presentNode(scenario, 'open', order))
  })

  it('draws every order of a node\'s replies, each about equally often', () => {
    const counts = new Map<string, number>()
    for (let i = 0; i < 3000; i++) {
      const key = shuffled(['a', 'b', 'c']).join('')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    expect(counts.size).toBe(6)
    for (const n of counts.values()) expect(n).toBeGreaterThan(350)
    // A run's order covers every node with more than one reply.
    expect(Object.keys(drawChoiceOrder(scenario)).sort()).toEqual(Object.entries(scenario.nodes).filter(([, n]) => n.choices.length > 1).map(([id]) => id).sort())
  })

  it('finds the best route: a passing route with the highest total score', () => {
    expect(bestRoute(scenario).map(s => s.reply)).toEqual(['Hi, I can help.', scenario.nodes.mid!.choices.find(c => c.id === 'own')!.text])
  })
})
