import type { ScenarioDefinition, Skill } from '../../../shared/schemas/content'
import { scenarioMaxScores } from '../content/content-library'

// Role-play rules as plain functions: what the learner sees at a node, what a
// choice does, and the final per-skill result.

/** The customer's line and the replies on offer: no scores, feedback or routes. */
export function presentNode(scenario: ScenarioDefinition, nodeId: string) {
  const node = scenario.nodes[nodeId]!
  return {
    id: nodeId,
    customer: node.customer ?? null,
    choices: node.choices.map(c => ({ id: c.id, text: c.text })),
    end: node.choices.length === 0,
  }
}

export function applyChoice(scenario: ScenarioDefinition, nodeId: string, choiceId: string) {
  const choice = scenario.nodes[nodeId]?.choices.find(c => c.id === choiceId)
  if (!choice) return undefined
  const next = scenario.nodes[choice.next]!
  return { choice, next: choice.next, ended: next.choices.length === 0 }
}

export function addScores(scores: Partial<Record<Skill, number>>, delta: Partial<Record<Skill, number>>) {
  const out = { ...scores }
  for (const [skill, value] of Object.entries(delta) as [Skill, number][]) out[skill] = (out[skill] ?? 0) + value
  return out
}

export function scenarioResult(scenario: ScenarioDefinition, scores: Partial<Record<Skill, number>>, endNode: string) {
  const max = scenarioMaxScores(scenario)
  const skills = (Object.entries(scenario.passThresholds) as [Skill, number][]).map(([skill, threshold]) => {
    const score = scores[skill] ?? 0
    const best = Math.max(max[skill] ?? 0, 1)
    return { skill, score, max: best, threshold, percent: Math.max(0, Math.round((score / best) * 100)), passed: score >= threshold }
  })
  const end = scenario.nodes[endNode]!
  return { skills, passed: skills.every(s => s.passed), outcome: end.outcome ?? '', result: end.result ?? 'lost' }
}
