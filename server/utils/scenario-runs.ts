import type { Types } from 'mongoose'
import type { ScenarioDefinition, Skill } from '../../shared/schemas/content'
import { ScenarioRunModel, type ScenarioRun } from '../models/scenario-run'
import { addScores, applyChoice, presentNode, scenarioResult } from './scenario-engine'

type RunDoc = ScenarioRun & { _id: Types.ObjectId }

/** Resumes the run in progress or starts a new one; a run on an edited scenario is set aside. */
export async function startRun(user: Types.ObjectId, scenario: ScenarioDefinition, version: string, now = new Date()): Promise<RunDoc> {
  for (let tries = 0; tries < 3; tries++) {
    const runs = await ScenarioRunModel.find({ user, scenario: scenario.id }, { number: 1, status: 1, version: 1 }).sort({ number: 1 }).lean()
    const open = runs.find(r => r.status === 'in-progress')
    if (open && open.version === version) return (await ScenarioRunModel.findById(open._id).lean())!
    if (open) await ScenarioRunModel.updateOne({ _id: open._id, status: 'in-progress' }, { $set: { status: 'abandoned' } })
    try {
      const created = await ScenarioRunModel.create({
        user,
        scenario: scenario.id,
        version,
        number: (runs.at(-1)?.number ?? 0) + 1,
        status: 'in-progress',
        node: scenario.start,
        nodeShownAt: now,
        steps: [],
        scores: {},
        startedAt: now,
      })
      return created.toObject()
    }
    catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error
    }
  }
  throw createError({ statusCode: 409, statusMessage: 'Another tab is starting this role-play; reload the page.' })
}

export type StepOutcome
  = | { kind: 'applied' | 'repeated', run: RunDoc }
    | { kind: 'not-offered' | 'out-of-step' | 'outdated' }

/**
 * Applies the learner's reply at `node`. The update is conditional on the run still
 * being at that node, so a retried or doubled request is recognised, not applied twice.
 */
export async function takeStep(run: RunDoc, scenario: ScenarioDefinition, version: string, node: string, choiceId: string, now = new Date()): Promise<StepOutcome> {
  const answered = run.steps.find(s => s.node === node)
  if (answered) return answered.choice === choiceId ? { kind: 'repeated', run } : { kind: 'out-of-step' }
  if (run.status !== 'in-progress' || run.node !== node) return { kind: 'out-of-step' }
  if (run.version !== version) return { kind: 'outdated' }
  const applied = applyChoice(scenario, node, choiceId)
  if (!applied) return { kind: 'not-offered' }

  const scores = addScores(run.scores as Partial<Record<Skill, number>>, applied.choice.scores)
  const step = {
    node,
    customer: scenario.nodes[node]!.customer ?? '',
    choice: choiceId,
    reply: applied.choice.text,
    feedback: applied.choice.feedback,
    scores: applied.choice.scores,
    ms: Math.max(0, now.getTime() - new Date(run.nodeShownAt).getTime()),
    at: now,
  }
  const $set: Record<string, unknown> = { node: applied.next, nodeShownAt: now, scores }
  if (applied.ended) {
    const result = scenarioResult(scenario, scores, applied.next)
    Object.assign($set, { status: 'completed', completedAt: now, passed: result.passed, result: result.result })
  }
  const updated = await ScenarioRunModel.findOneAndUpdate(
    { _id: run._id, status: 'in-progress', node },
    { $push: { steps: step }, $set },
    { returnDocument: 'after' },
  ).lean()
  if (updated) return { kind: 'applied', run: updated }
  const latest = (await ScenarioRunModel.findById(run._id).lean())!
  return latest.steps.some(s => s.node === node && s.choice === choiceId) ? { kind: 'repeated', run: latest } : { kind: 'out-of-step' }
}

export function runView(run: RunDoc, scenario: ScenarioDefinition) {
  const base = {
    id: String(run._id),
    scenario: { id: scenario.id, title: scenario.title, course: scenario.course, channel: scenario.channel, summary: scenario.summary, persona: scenario.persona },
    number: run.number,
    status: run.status,
    version: run.version,
    transcript: run.steps.map(s => ({ node: s.node, customer: s.customer, reply: s.reply, feedback: s.feedback, ms: s.ms })),
    node: run.status === 'in-progress' && scenario.nodes[run.node] ? presentNode(scenario, run.node) : null,
  }
  if (run.status !== 'completed') return { ...base, result: null }
  const result = scenarioResult(scenario, run.scores as Partial<Record<Skill, number>>, run.node)
  return {
    ...base,
    result: {
      ...result,
      // The end node's outcome as recorded; the definition may have changed since.
      result: run.result ?? result.result,
      passed: run.passed ?? result.passed,
      completedAt: run.completedAt,
      coaching: run.coaching.map(c => ({ author: c.authorName, text: c.text, at: c.at })),
    },
  }
}
