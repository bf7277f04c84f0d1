import { createHash } from 'node:crypto'
import { Types } from 'mongoose'
import type { ScenarioDefinition, Skill } from '../../../shared/schemas/content'
import type { RunResult, RunView, StepView } from '../../../shared/types/learning'
import { ScenarioRunModel, type ScenarioRun } from '../../models/scenario-run'
import type { CurrentUser } from '../../utils/auth'
import { forWrites } from '../../utils/db-engine'
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

const ROUNDS = 8

/** The id of a learner's n-th run of a scenario: a request that loses the race to create it reads the winner's by _id. */
export const runId = (user: Types.ObjectId | string, scenario: string, number: number) =>
  new Types.ObjectId(createHash('sha256').update(`scenario-run:${user}:${scenario}:${number}`).digest().subarray(0, 12))

/**
 * Resumes the run in progress or starts a new one; a run on an edited scenario is set
 * aside. The run's id is derived from (learner, scenario, number), so racing starts
 * create one run; the others read it and note it, which also heals a start cut off
 * before its fact was noted.
 */
export async function openRun(user: Types.ObjectId, scenario: ScenarioDefinition, version: string, now = new Date()): Promise<RunDoc> {
  for (let round = 0; round < ROUNDS; round++) {
    const runs = await runsOf(user, scenario.id)
    const open = runs.find(r => r.status === 'in-progress')
    if (open) {
      const doc = await ScenarioRunModel.findById(open._id).lean()
      if (doc?.status === 'in-progress' && doc.version === version) return doc
      if (doc?.status === 'in-progress') {
        // Outdated: set it aside, only if it is still in progress.
        await forWrites(ScenarioRunModel).updateOne({ _id: doc._id, status: 'in-progress' }, { $set: { status: 'abandoned' } })
        const after = await ScenarioRunModel.findById(doc._id).lean()
        if (after) await noteScenarioRun(after)
        continue
      }
      // Finished, but the record missed it: complete the fact.
      if (doc) {
        await noteScenarioRun(doc)
        continue
      }
    }
    const number = (runs.at(-1)?.number ?? 0) + 1
    const _id = runId(user, scenario.id, number)
    try {
      const created = await forWrites(ScenarioRunModel).create({
        _id,
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
      })
      await noteScenarioRun(created)
      return created.toObject()
    }
    catch (error) {
      if (!isDuplicateKey(error)) throw error
      const existing = await ScenarioRunModel.findById(_id).lean() ?? await ScenarioRunModel.findOne({ user, scenario: scenario.id, number }).lean()
      if (existing) await noteScenarioRun(existing)
    }
  }
  throw createError({ statusCode: 409, statusMessage: 'Another tab is starting this role-play; reload the page.' })
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
 * Applies the learner's reply at `node`, exactly once: the update's filter says the run
 * is in progress, at this node, with no step at this node yet. A retried or doubled
 * request matches nothing, reads the run again and is recognised as a repeat.
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
  // The filter holds the state the scores were computed from: a step at this node is
  // the only thing that changes them, and it moves the run off this node.
  const updated = await forWrites(ScenarioRunModel).findOneAndUpdate(
    { '_id': run._id, 'status': 'in-progress', 'version': run.version, node, 'steps.node': { $ne: node } },
    { $push: { steps: step }, $set },
    { returnDocument: 'after' },
  ).lean()
  if (updated) {
    await noteRunEnd(updated)
    return { kind: 'applied', run: updated }
  }
  const current = await ScenarioRunModel.findById(run._id).lean()
  const taken = current?.steps.find(s => s.node === node)
  if (current && taken?.choice === choiceId) {
    await noteRunEnd(current)
    return { kind: 'repeated', run: current }
  }
  return { kind: 'out-of-step' }
}

/** Event: the learner starts a role-play (or resumes the run in progress). */
export async function startRun(user: CurrentUser, scenarioId: string, now = new Date()): Promise<RunView> {
  const { definition: scenario, version } = await findScenario(scenarioId)
  return runView(await openRun(userObjectId(user), scenario, version, now), scenario)
}

/**
 * Event: the learner's reply at the current node. The server records it, times it, and
 * answers with the feedback and the customer's next line; a doubled reply is recognised,
 * not applied twice.
 */
export async function takeStep(user: CurrentUser, id: string, node: string, choice: string, now = new Date()): Promise<StepView> {
  const { run } = await findScenarioRun(user, id, { forReview: false })
  const { definition: scenario, version } = await findScenario(run.scenario)
  const outcome = await applyStep(run, scenario, version, node, choice, now)
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
export async function viewRun(user: CurrentUser, id: string): Promise<RunView> {
  const { run } = await findScenarioRun(user, id)
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
