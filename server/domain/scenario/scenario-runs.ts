import type { Types } from 'mongoose'
import type { ScenarioDefinition, Skill } from '../../../shared/schemas/content'
import type { RunResult, RunView, StepView } from '../../../shared/types/learning'
import { ScenarioRunModel, type ScenarioRun } from '../../models/scenario-run'
import type { CurrentUser } from '../../utils/auth'
import { withLearnerLock } from '../../utils/learner-lock'
import { getLearnerRecord, noteScenarioRun } from '../learning/learner-record'
import { findScenario, findScenarioRun, userObjectId } from '../learning/owned-records'
import { refreshLearner } from '../learning/refresh-learner'
import { addScores, applyChoice, presentNode, scenarioResult } from './scenario-engine'

type RunDoc = ScenarioRun & { _id: Types.ObjectId }

/** The learner's runs of one scenario, oldest first, from their learner record. */
export async function runsOf(user: Types.ObjectId, scenarioId: string) {
  const record = await getLearnerRecord(user)
  return Object.entries(record.scenarioRuns)
    .filter(([, r]) => r.scenario === scenarioId)
    .map(([id, r]) => ({ ...r, _id: id }))
    .sort((a, b) => a.number - b.number)
}

/**
 * Resumes the run in progress or starts a new one; a run on an edited scenario is set
 * aside. Call under the learner's lock.
 */
export async function openRun(user: Types.ObjectId, scenario: ScenarioDefinition, version: string, now = new Date()): Promise<RunDoc> {
  const runs = await runsOf(user, scenario.id)
  const open = runs.find(r => r.status === 'in-progress')
  if (open && open.version === version) return (await ScenarioRunModel.findById(open._id).lean())!
  if (open) {
    await ScenarioRunModel.updateOne({ _id: open._id }, { $set: { status: 'abandoned' } })
    await noteScenarioRun({ ...open, user, status: 'abandoned' })
  }
  const number = (runs.at(-1)?.number ?? 0) + 1
  // The unique (user, scenario, number) index stops a second process starting the same run.
  const created = await ScenarioRunModel.create({
    user,
    scenario: scenario.id,
    version,
    number,
    status: 'in-progress',
    node: scenario.start,
    nodeShownAt: now,
    steps: [],
    scores: {},
    startedAt: now,
  }).catch((error) => {
    if (isDuplicateKey(error)) throw createError({ statusCode: 409, statusMessage: 'Another tab is starting this role-play; reload the page.' })
    throw error
  })
  await noteScenarioRun(created)
  return created.toObject()
}

export type StepOutcome
  = | { kind: 'applied' | 'repeated', run: RunDoc }
    | { kind: 'not-offered' | 'out-of-step' | 'outdated' }

/** Notes a finished run in the learner's record (again, harmlessly, on a repeated reply). */
async function noteRunEnd(run: RunDoc) {
  if (run.status !== 'completed') return
  await noteScenarioRun(run)
}

/**
 * Applies the learner's reply at `node`, under the learner's lock: a retried or doubled
 * request finds the node answered and is recognised, not applied twice.
 */
export async function applyStep(run: RunDoc, scenario: ScenarioDefinition, version: string, node: string, choiceId: string, now = new Date()): Promise<StepOutcome> {
  const answered = run.steps.find(s => s.node === node)
  if (answered && answered.choice === choiceId) {
    await noteRunEnd(run)
    return { kind: 'repeated', run }
  }
  if (answered) return { kind: 'out-of-step' }
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
  // Handled under the learner's lock: the run is still at this node when it is written.
  await ScenarioRunModel.updateOne({ _id: run._id }, { $push: { steps: step }, $set })
  const updated = (await ScenarioRunModel.findById(run._id).lean())!
  await noteRunEnd(updated)
  return { kind: 'applied', run: updated }
}

/** Event: the learner starts a role-play (or resumes the run in progress). */
export async function startRun(user: CurrentUser, scenarioId: string, now = new Date()): Promise<RunView> {
  const { definition: scenario, version } = await findScenario(scenarioId)
  return runView(await withLearnerLock(user.id, () => openRun(userObjectId(user), scenario, version, now)), scenario)
}

/**
 * Event: the learner's reply at the current node. The server records it, times it, and
 * answers with the feedback and the customer's next line; a doubled reply is recognised,
 * not applied twice.
 */
export async function takeStep(user: CurrentUser, runId: string, node: string, choice: string, now = new Date()): Promise<StepView> {
  const { outcome, scenario } = await withLearnerLock(user.id, async () => {
    const { run } = await findScenarioRun(user, runId, { forReview: false })
    const { definition: scenario, version } = await findScenario(run.scenario)
    return { outcome: await applyStep(run, scenario, version, node, choice, now), scenario }
  })
  switch (outcome.kind) {
    case 'not-offered':
      throw invalidField('body', 'choice', `"${choice}" is not one of the replies offered at this point`)
    case 'out-of-step':
      throw createError({ statusCode: 409, statusMessage: 'This conversation has moved on since; reload to see where it is.' })
    case 'outdated':
      throw createError({ statusCode: 409, statusMessage: 'This role-play was updated since you started it; start it again to play the new version.' })
  }
  if (outcome.run.status === 'completed') await refreshLearner(user.id)
  const step = outcome.run.steps.find(s => s.node === node)!
  return { step: { reply: step.reply, feedback: step.feedback }, run: runView(outcome.run, scenario) }
}

/** A run as its learner, or a reviewing trainer, sees it. */
export async function viewRun(user: CurrentUser, runId: string): Promise<RunView> {
  const { run } = await findScenarioRun(user, runId)
  const { definition: scenario } = await findScenario(run.scenario)
  return runView(run, scenario)
}

export function runView(run: RunDoc, scenario: ScenarioDefinition): RunView {
  const base = {
    id: String(run._id),
    scenario: { id: scenario.id, title: scenario.title, course: scenario.course, channel: scenario.channel, summary: scenario.summary, persona: scenario.persona },
    number: run.number,
    status: run.status as RunView['status'],
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
      result: (run.result ?? result.result) as RunResult['result'],
      passed: run.passed ?? result.passed,
      completedAt: run.completedAt ? iso(run.completedAt) : null,
      coaching: run.coaching.map(c => ({ author: c.authorName, text: c.text, at: iso(c.at) })),
    },
  }
}

const iso = (date: Date | string) => new Date(date).toISOString()
