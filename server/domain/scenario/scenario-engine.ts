import { randomInt } from 'node:crypto'
import type { ScenarioChoice, ScenarioDefinition, Skill, WrittenLexicon } from '../../../shared/schemas/content'
import type { WrittenStepView } from '../../../shared/types/learning'
import { scenarioMaxScores } from '../content/content-library'
import { checkWrittenReply, cleanReply, pickWrittenBranch } from './written-checks'

// Role-play rules as plain functions: what the learner sees at a node, what a
// choice does, and the final per-skill result.

/** The replies of `ids` in a fresh random order (Fisher–Yates with a cryptographic source). */
export function shuffled<T>(items: readonly T[], pick: (n: number) => number = n => randomInt(n)): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = pick(i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/**
 * The order in which each node's replies are shown in one run, drawn when the run starts
 * and kept with it, so a reload shows the same order and no position gives the answer away.
 */
export function drawChoiceOrder(scenario: ScenarioDefinition, pick?: (n: number) => number): Record<string, string[]> {
  return Object.fromEntries(Object.entries(scenario.nodes)
    .filter(([, node]) => node.choices.length > 1 && !node.written)
    .map(([id, node]) => [id, shuffled(node.choices.map(c => c.id), pick)]))
}

/** The node's replies in the run's order (file order for a reply the order does not know). */
export function orderedChoices(scenario: ScenarioDefinition, nodeId: string, order?: Record<string, string[]> | null) {
  const choices = scenario.nodes[nodeId]?.choices ?? []
  const ids = order?.[nodeId]
  if (!ids) return choices
  const rank = (id: string) => {
    const i = ids.indexOf(id)
    return i === -1 ? ids.length : i
  }
  return [...choices].sort((a, b) => rank(a.id) - rank(b.id))
}

/**
 * The customer's line and the replies on offer, in the run's order: no scores, feedback or
 * routes. At a written node only what the box needs: never its branches, checks or example.
 */
export function presentNode(scenario: ScenarioDefinition, nodeId: string, order?: Record<string, string[]> | null) {
  const node = scenario.nodes[nodeId]!
  const written = node.written ? { document: node.written.document, maxLength: node.written.maxLength, prompt: node.written.prompt ?? null } : null
  return {
    id: nodeId,
    customer: node.customer ?? null,
    choices: written ? [] : orderedChoices(scenario, nodeId, order).map(c => ({ id: c.id, text: c.text })),
    written,
    end: node.choices.length === 0,
  }
}

/** The learner's answer at a node: a reply picked, or (at a written node) the text they wrote. */
export type StepAnswer = { choice: string } | { text: string }

export interface AppliedReply {
  choice: ScenarioChoice
  next: string
  ended: boolean
  /** What the learner said: the reply's text, or their own words. */
  reply: string
  written: WrittenStepView | null
}

/**
 * What an answer does at a node: the choice picked, or at a written node the branch the
 * checks choose from the moves found. Undefined when the answer does not fit the node.
 */
export function applyReply(scenario: ScenarioDefinition, nodeId: string, answer: StepAnswer, lexicon: WrittenLexicon): AppliedReply | undefined {
  const node = scenario.nodes[nodeId]
  if (!node) return undefined
  if ('choice' in answer) {
    if (node.written) return undefined
    const applied = applyChoice(scenario, nodeId, answer.choice)
    return applied && { ...applied, reply: applied.choice.text, written: null }
  }
  if (!node.written || !node.choices.length) return undefined
  const reply = cleanReply(answer.text)
  const findings = checkWrittenReply(node.written, lexicon, reply)
  const choice = pickWrittenBranch(node.choices, findings)
  return { choice, next: choice.next, ended: scenario.nodes[choice.next]!.choices.length === 0, reply, written: { ...findings, example: node.written.example } }
}

/**
 * The best route through the scenario: of the routes that pass, the one with the highest
 * total score (of every route if none passes). Revealed only in the full review.
 */
export function bestRoute(scenario: ScenarioDefinition) {
  let best: { steps: { node: string, choice: string }[], total: number, passed: boolean } | undefined
  const walk = (node: string, scores: Partial<Record<Skill, number>>, steps: { node: string, choice: string }[], seen: Set<string>) => {
    const current = scenario.nodes[node]
    if (!current || seen.has(node) || steps.length > 60) return
    if (!current.choices.length) {
      const passed = scenarioResult(scenario, scores, node).passed
      const total = Object.values(scores).reduce((sum, v) => sum + (v ?? 0), 0)
      if (!best || (passed && !best.passed) || (passed === best.passed && total > best.total)) best = { steps, total, passed }
      return
    }
    const next = new Set(seen).add(node)
    for (const choice of current.choices) walk(choice.next, addScores(scores, choice.scores), [...steps, { node, choice: choice.id }], next)
  }
  walk(scenario.start, {}, [], new Set())
  return (best?.steps ?? []).map(({ node, choice }) => {
    const c = scenario.nodes[node]!.choices.find(x => x.id === choice)!
    // At a written node the best route shows the file's example reply.
    return { node, customer: scenario.nodes[node]!.customer ?? '', reply: scenario.nodes[node]!.written?.example ?? c.text, feedback: c.feedback, scores: c.scores }
  })
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
