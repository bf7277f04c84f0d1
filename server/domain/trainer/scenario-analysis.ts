import type { ScenarioDefinition, Skill } from '../../../shared/schemas/content'
import { meanOf, medianOf, shareOf } from '../../utils/statistics'
import type { ScorecardLine } from '../../models/scenario-run'
import { checkAgreement, type CheckAgreement } from '../scenario/scorecard-rules.ts'

// Role-play analysis for trainers, as a pure function of stored runs, split by
// content version like the quiz analysis. Pass rate and skill averages count
// completed runs; choice counts and answer times count every answer given,
// including in runs not (yet) finished, since each was a real reply at that node.

/** A run as stored (server/models/scenario-run.ts). */
export interface RunForAnalysis {
  user?: string
  version: string
  status: 'in-progress' | 'completed' | 'abandoned'
  passed?: boolean | null
  result?: string | null
  completedAt?: Date | null
  scores: Partial<Record<Skill, number>>
  steps: { node: string, customer?: string, choice: string, reply: string, ms: number }[]
  /** A run with written replies: its trainer review, pending or done. */
  review?: { status: 'pending' | 'reviewed', lines: ScorecardLine[] } | null
}

export interface NodeChoiceCount {
  id: string
  text: string
  count: number
  share: number | null
  /** What the reply scores, where the version's definition is known. */
  scores: Partial<Record<Skill, number>> | null
}

export interface NodeAnalysis {
  id: string
  customer: string
  /** Answers given at this node. */
  answers: number
  medianMs: number | null
  choices: NodeChoiceCount[]
}

export interface SkillAnalysis {
  skill: Skill
  average: number | null
  /** Only known for the current version: thresholds are not stored with runs. */
  threshold: number | null
  metShare: number | null
}

export interface ScenarioVersionAnalysis {
  version: string
  current: boolean
  started: number
  runs: number
  learners: number
  passRate: number | null
  outcomes: { 'resolved': number, 'partly-resolved': number, 'lost': number }
  skills: SkillAnalysis[]
  nodes: NodeAnalysis[]
  lastAt: Date | null
}

export interface ScenarioAnalysis {
  scenario: { id: string, title: string, course: string, channel: string, version: string }
  started: number
  runs: number
  learners: number
  passRate: number | null
  versions: ScenarioVersionAnalysis[]
  /** Trainer scorecards over every version: how many runs wait or were reviewed, and per check how often trainers changed its proposed score. */
  scorecards: { pending: number, reviewed: number, checks: CheckAgreement[] }
}

/** Conversation nodes in the order a learner meets them: breadth-first from the start. */
export function nodesInOrder(scenario: ScenarioDefinition): string[] {
  const order: string[] = []
  const queue = [scenario.start]
  const seen = new Set(queue)
  while (queue.length) {
    const id = queue.shift()!
    const node = scenario.nodes[id]
    if (!node) continue
    if (node.choices.length) order.push(id)
    for (const choice of node.choices) {
      if (!seen.has(choice.next)) {
        seen.add(choice.next)
        queue.push(choice.next)
      }
    }
  }
  return order
}

function analyseNodes(runs: RunForAnalysis[], definition: ScenarioDefinition | null): NodeAnalysis[] {
  const steps = runs.flatMap(r => r.steps)
  const ids = definition ? nodesInOrder(definition) : []
  for (const step of steps) if (!ids.includes(step.node)) ids.push(step.node)
  return ids.map((id) => {
    const here = steps.filter(s => s.node === id)
    const known = definition?.nodes[id]
    const choices = new Map<string, { text: string, count: number, scores: Partial<Record<Skill, number>> | null }>(
      (known?.choices ?? []).map(c => [c.id, { text: c.text, count: 0, scores: c.scores }]),
    )
    for (const step of here) {
      const entry = choices.get(step.choice) ?? { text: step.reply, count: 0, scores: null }
      entry.count++
      choices.set(step.choice, entry)
    }
    return {
      id,
      customer: known?.customer ?? here.find(s => s.customer)?.customer ?? '',
      answers: here.length,
      medianMs: medianOf(here.map(s => s.ms)),
      choices: [...choices].map(([choice, { text, count, scores }]) => ({ id: choice, text, count, share: shareOf(count, here.length), scores })),
    }
  })
}

function analyseSkills(completed: RunForAnalysis[], definition: ScenarioDefinition | null): SkillAnalysis[] {
  const thresholds = (definition?.passThresholds ?? {}) as Partial<Record<Skill, number>>
  const skills = new Set(Object.keys(thresholds) as Skill[])
  for (const run of completed) for (const skill of Object.keys(run.scores ?? {}) as Skill[]) skills.add(skill)
  return [...skills].map((skill) => {
    const scores = completed.map(r => r.scores?.[skill] ?? 0)
    const threshold = thresholds[skill] ?? null
    return {
      skill,
      average: meanOf(scores),
      threshold,
      metShare: threshold === null ? null : shareOf(scores.filter(s => s >= threshold).length, scores.length),
    }
  })
}

const learnerCount = (runs: RunForAnalysis[]) => new Set(runs.map((r, i) => r.user ?? `#${i}`)).size

export function analyseScenario(scenario: { definition: ScenarioDefinition, version: string }, runs: RunForAnalysis[]): ScenarioAnalysis {
  const byVersion = new Map<string, RunForAnalysis[]>([[scenario.version, []]])
  for (const run of runs) {
    const list = byVersion.get(run.version) ?? []
    list.push(run)
    byVersion.set(run.version, list)
  }
  const versions = [...byVersion].map(([version, group]): ScenarioVersionAnalysis => {
    const current = version === scenario.version
    const definition = current ? scenario.definition : null
    const completed = group.filter(r => r.status === 'completed')
    const outcome = (result: string) => completed.filter(r => r.result === result).length
    const times = completed.map(r => r.completedAt?.getTime()).filter((t): t is number => typeof t === 'number')
    return {
      version,
      current,
      started: group.length,
      runs: completed.length,
      learners: learnerCount(completed),
      passRate: shareOf(completed.filter(r => r.passed).length, completed.length),
      outcomes: { 'resolved': outcome('resolved'), 'partly-resolved': outcome('partly-resolved'), 'lost': outcome('lost') },
      skills: analyseSkills(completed, definition),
      nodes: analyseNodes(group, definition),
      lastAt: times.length ? new Date(Math.max(...times)) : null,
    }
  })
  versions.sort((a, b) => Number(b.current) - Number(a.current) || (b.lastAt?.getTime() ?? 0) - (a.lastAt?.getTime() ?? 0))
  const completed = runs.filter(r => r.status === 'completed')
  const d = scenario.definition
  return {
    scenario: { id: d.id, title: d.title, course: d.course, channel: d.channel, version: scenario.version },
    started: runs.length,
    runs: completed.length,
    learners: learnerCount(completed),
    passRate: shareOf(completed.filter(r => r.passed).length, completed.length),
    versions,
    scorecards: {
      pending: completed.filter(r => r.review?.status === 'pending').length,
      reviewed: completed.filter(r => r.review?.status === 'reviewed').length,
      checks: checkAgreement(completed.map(r => r.review)),
    },
  }
}
