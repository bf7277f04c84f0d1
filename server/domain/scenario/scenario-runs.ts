import { createHash } from 'node:crypto'
import { Types } from 'mongoose'
import type { ScenarioDefinition, Skill } from '../../../shared/schemas/content'
import type { RunResult, RunReview, RunView, StepView, WrittenStepView } from '../../../shared/types/learning'
import type { LearnerRecord } from '../../models/learner-record'
import { ScenarioRunModel, type ScenarioRun } from '../../models/scenario-run'
import type { CurrentUser } from '../../utils/auth'
import { forWrites } from '../../utils/db-engine'
import { getLearnerRecord, noteScenarioRun } from '../learning/learner-record'
import { findScenario, findScenarioRun, userObjectId } from '../learning/owned-records'
import { coachingRef } from '../learning/coaching-marker'
import { refreshLearner } from '../learning/refresh-learner'
import type { ContentLibrary } from '../content/content-library'
import { getContentLibrary } from '../content/content-store'
import { attemptCycleStart, certificatesEarnedBy } from '../certificates/certificate-rules'
import { attemptPolicy, attemptsLeft, type AttemptPolicy } from '../quiz/attempt-policy'
import { cooldownLiftedAt, extraAttempts } from '../remedies/remedy-rules'
import { addScores, applyReply, bestRoute, drawChoiceOrder, orderedChoices, presentNode, scenarioResult, type StepAnswer } from './scenario-engine'
import { sameAnswer, writtenStepView, writtenTooLong } from './written-steps'
import { pendingReview, reviewView } from './scorecard-rules'

type RunDoc = ScenarioRun & { _id: Types.ObjectId }

const ROUNDS = 8

/** The id of a learner's n-th run of a scenario: a request that loses the race to create it reads the winner's by _id. */
export const runId = (user: Types.ObjectId | string, scenario: string, number: number) =>
  new Types.ObjectId(createHash('sha256').update(`scenario-run:${user}:${scenario}:${number}`).digest().subarray(0, 12))

/**
 * The learner's runs of this role-play and what they may do next, read off their record
 * (pure): the file's attemptLimit and cooldown, if it sets them, plus any remedies.
 * Abandoned runs (the file changed mid-run) do not count.
 */
export function runPolicyFrom(library: ContentLibrary, record: LearnerRecord, scenario: ScenarioDefinition, now: Date) {
  const since = attemptCycleStart(library, record, scenario.id, now, 'scenarios')
  const runs = Object.entries(record.scenarioRuns)
    .filter(([, r]) => r.scenario === scenario.id)
    .map(([id, r]) => ({ ...r, _id: id, startedAt: new Date(r.startedAt), completedAt: r.completedAt ? new Date(r.completedAt) : undefined }))
    .sort((a, b) => a.number - b.number)
  const finished = runs.filter(r => r.status === 'completed' && r.startedAt >= since).map(r => ({ submittedAt: r.completedAt, passed: r.passed }))
  const grants = { extra: extraAttempts(record.remedies, 'scenario', scenario.id, since), cooldownLiftedAt: cooldownLiftedAt(record.remedies, 'scenario', scenario.id) }
  const rules = { attemptLimit: scenario.attemptLimit, cooldownMinutes: scenario.cooldownMinutes, noun: 'role-play' as const, blockWhenPassed: false }
  return { runs, policy: attemptPolicy(rules, finished, now, grants) }
}

export async function loadRunPolicy(library: ContentLibrary, user: Types.ObjectId, scenario: ScenarioDefinition, now: Date) {
  return runPolicyFrom(library, await getLearnerRecord(user), scenario, now)
}

/**
 * Resumes the run in progress or starts a new one (if the policy allows); a run on an
 * edited scenario is set aside. The order of every node's replies is drawn now and kept
 * with the run. The run's id is derived from (learner, scenario, number), so racing starts
 * create one run; the others read it and note it, which also heals a start cut off before
 * its fact was noted.
 */
export async function openRun(library: ContentLibrary, user: Types.ObjectId, scenario: ScenarioDefinition, version: string, now = new Date()): Promise<RunDoc> {
  for (let round = 0; round < ROUNDS; round++) {
    const { runs, policy } = await loadRunPolicy(library, user, scenario, now)
    const open = runs.find(r => r.status === 'in-progress')
    const doc = open ? await ScenarioRunModel.findById(open._id).lean() : null
    if (doc && doc.status !== 'in-progress') {
      // Finished or set aside, but the record missed it: complete the fact.
      await noteScenarioRun(doc)
      continue
    }
    if (doc && doc.version === version) return doc
    if (policy.blocked) throw createError({ statusCode: policy.blocked.statusCode, statusMessage: policy.blocked.message })
    if (doc) {
      // Outdated: set it aside, only if it is still in progress.
      await forWrites(ScenarioRunModel).updateOne({ _id: doc._id, status: 'in-progress' }, { $set: { status: 'abandoned' } })
      const after = await ScenarioRunModel.findById(doc._id).lean()
      if (after) await noteScenarioRun(after)
      continue
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
        choiceOrder: drawChoiceOrder(scenario),
        steps: [],
        scores: {},
        startedAt: now,
      })
      await noteScenarioRun(created)
      return created.toObject()
    }
    catch (error) {
      if (!isDuplicateKey(error)) throw error
      // Another request created run `number` first: note it and go round.
      const existing = await ScenarioRunModel.findById(_id).lean() ?? await ScenarioRunModel.findOne({ user, scenario: scenario.id, number }).lean()
      if (existing) await noteScenarioRun(existing)
    }
  }
  throw createError({ statusCode: 409, statusMessage: 'Another tab is starting this role-play; reload the page.' })
}

export type StepOutcome
  = | { kind: 'applied' | 'repeated', run: RunDoc }
    | { kind: 'not-offered' | 'out-of-step' | 'outdated' }
    | { kind: 'too-long', message: string }

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
export async function applyStep(run: RunDoc, scenario: ScenarioDefinition, version: string, node: string, answer: StepAnswer, now = new Date(), library?: ContentLibrary): Promise<StepOutcome> {
  const answered = run.steps.find(s => s.node === node)
  if (answered && sameAnswer(answered, answer)) {
    await noteRunEnd(run)
    return { kind: 'repeated', run }
  }
  if (answered) return { kind: 'out-of-step' }
  if (run.status !== 'in-progress' || run.node !== node) return { kind: 'out-of-step' }
  if (run.version !== version) return { kind: 'outdated' }
  const tooLong = writtenTooLong(scenario, node, answer)
  if (tooLong) return { kind: 'too-long', message: tooLong }
  const lib = library ?? await getContentLibrary()
  const applied = applyReply(scenario, node, answer, lib.written.lexicon)
  if (!applied) return { kind: 'not-offered' }

  const scores = addScores(run.scores as Partial<Record<Skill, number>>, applied.choice.scores)
  const step = {
    node,
    customer: scenario.nodes[node]!.customer ?? '',
    choice: applied.choice.id,
    shown: applied.written ? [] : orderedChoices(scenario, node, run.choiceOrder as Record<string, string[]>).map(c => c.id),
    reply: applied.reply,
    feedback: applied.choice.feedback,
    written: applied.written && writtenStepView(applied.written, lib),
    scores: applied.choice.scores,
    ms: Math.max(0, now.getTime() - new Date(run.nodeShownAt).getTime()),
    at: now,
  }
  const $set: Record<string, unknown> = { node: applied.next, nodeShownAt: now, scores }
  if (applied.ended) {
    const result = scenarioResult(scenario, scores, applied.next)
    // A run with written replies waits for a trainer's scorecard, pre-filled from the findings.
    Object.assign($set, { status: 'completed', completedAt: now, passed: result.passed, result: result.result, review: pendingReview(scenario, [...run.steps, step], result.passed) })
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
  if (current && taken && sameAnswer(taken, answer)) {
    await noteRunEnd(current)
    return { kind: 'repeated', run: current }
  }
  return { kind: 'out-of-step' }
}

/** Event: the learner starts a role-play (or resumes the run in progress). */
export async function startRun(user: CurrentUser, scenarioId: string, now = new Date()): Promise<RunView> {
  const { definition: scenario, version } = await findScenario(scenarioId)
  const run = await openRun(await getContentLibrary(), userObjectId(user), scenario, version, now)
  return runViewFor(run, scenario, true, now)
}

/**
 * Event: the learner's reply at the current node. The server records it, times it, and
 * answers with the feedback and the customer's next line; a doubled reply is recognised,
 * not applied twice.
 */
export async function takeStep(user: CurrentUser, id: string, node: string, answer: StepAnswer, now = new Date()): Promise<StepView> {
  const { run } = await findScenarioRun(user, id, { forReview: false })
  const { definition: scenario, version } = await findScenario(run.scenario)
  const outcome = await applyStep(run, scenario, version, node, answer, now)
  switch (outcome.kind) {
    case 'not-offered':
      if ('text' in answer) throw invalidField('body', 'text', 'this point of the conversation takes a chosen reply, not a written one')
      throw invalidField('body', 'choice', scenario.nodes[node]?.written
        ? 'this point of the conversation takes a written reply (text), not a chosen one'
        : `"${answer.choice}" is not one of the replies offered at this point`)
    case 'too-long':
      throw invalidField('body', 'text', outcome.message)
    case 'out-of-step':
      throw createError({ statusCode: 409, statusMessage: 'This conversation has moved on since; reload to see where it is.' })
    case 'outdated':
      throw createError({ statusCode: 409, statusMessage: 'This role-play was updated since you started it; start it again to play the new version.' })
  }
  // The same clock: a certificate this run earns is issued at its completion time.
  if (outcome.run.status === 'completed') await refreshLearner(user.id, now)
  const step = outcome.run.steps.find(s => s.node === node)!
  return { step: { reply: step.reply, feedback: step.feedback, written: (step.written as WrittenStepView | null | undefined) ?? null }, run: await runViewFor(outcome.run, scenario, true, now) }
}

/** A run as its learner, or a reviewing trainer, sees it. */
export async function viewRun(user: CurrentUser, id: string): Promise<RunView> {
  const { run, isOwner } = await findScenarioRun(user, id)
  const { definition: scenario } = await findScenario(run.scenario)
  return runViewFor(run, scenario, isOwner)
}

/**
 * What a run's review may show the learner: the full review (the replies not taken with
 * their scores, the best route) once they have passed, or have no run left, or when the
 * file says after-each-attempt; otherwise only their own replies with the feedback on each.
 * A trainer reviewing someone else's run (policy null) always sees it all.
 */
export function runReveal(scenario: Pick<ScenarioDefinition, 'review'>, passed: boolean, policy: Pick<AttemptPolicy, 'remaining' | 'passed'> | null): boolean {
  if (!policy) return true
  if (scenario.review === 'never') return false
  if (scenario.review === 'after-each-attempt') return true
  return passed || policy.passed || policy.remaining === 0
}

function runReview(run: RunDoc, scenario: ScenarioDefinition, full: boolean, policy: AttemptPolicy | null): RunReview {
  if (!full) {
    const reason = scenario.review === 'never'
      ? 'This role-play does not show the other replies or the best route.'
      : `The replies you did not choose and the best route are shown once you pass${policy?.remaining === null ? '' : ' or have no attempt left'}.`
    return { full: false, reason }
  }
  const order = run.choiceOrder as Record<string, string[]> | undefined
  return {
    full: true,
    steps: run.steps.map(s => ({
      node: s.node,
      choice: s.choice,
      replies: orderedChoices(scenario, s.node, order).map(c => ({ id: c.id, text: c.text, feedback: c.feedback, scores: c.scores, taken: c.id === s.choice })),
    })),
    bestRoute: bestRoute(scenario),
  }
}

export function runView(run: RunDoc, scenario: ScenarioDefinition, policy: AttemptPolicy | null = null): RunView {
  const base = {
    id: String(run._id),
    scenario: { id: scenario.id, title: scenario.title, course: scenario.course, channel: scenario.channel, summary: scenario.summary, persona: scenario.persona },
    number: run.number,
    status: run.status as RunView['status'],
    version: run.version,
    transcript: run.steps.map(s => ({ node: s.node, customer: s.customer, reply: s.reply, feedback: s.feedback, ms: s.ms, shown: s.shown ?? [], written: (s.written as WrittenStepView | null | undefined) ?? null })),
    node: run.status === 'in-progress' && scenario.nodes[run.node] ? presentNode(scenario, run.node, run.choiceOrder as Record<string, string[]> | undefined) : null,
    attempts: policy ? attemptsLeft(policy) : null,
  }
  if (run.status !== 'completed') return { ...base, result: null, review: null }
  const result = scenarioResult(scenario, run.scores as Partial<Record<Skill, number>>, run.node)
  const passed = run.passed ?? result.passed
  return {
    ...base,
    result: {
      ...result,
      // The end node's outcome as recorded; the definition may have changed since.
      result: (run.result ?? result.result) as RunResult['result'],
      passed,
      review: reviewView(run.review),
      completedAt: run.completedAt ? iso(run.completedAt) : null,
      coaching: run.coaching.map(c => ({ author: c.authorName, text: c.text, at: iso(c.at), ref: coachingRef('scenario', String(run._id), c.at) })),
    },
    review: runReview(run, scenario, runReveal(scenario, passed, policy), policy),
  }
}

/** The run as the person asking sees it: its owner under the review rule and with their runs left; a reviewing trainer in full. */
export async function runViewFor(run: RunDoc, scenario: ScenarioDefinition, isOwner: boolean, now = new Date()): Promise<RunView> {
  if (!isOwner) return runView(run, scenario, null)
  const library = await getContentLibrary()
  const record = await getLearnerRecord(run.user)
  const { policy } = runPolicyFrom(library, record, scenario, now)
  const view = runView(run, scenario, policy)
  if (view.result?.passed && run.completedAt) view.result.earned = certificatesEarnedBy(record.certificates, library.paths, { kind: 'scenario', id: scenario.id, at: run.completedAt })
  return view
}

const iso = (date: Date | string) => new Date(date).toISOString()
