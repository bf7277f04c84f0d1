import type { RunReviewBody } from '../../../shared/schemas/trainer'
import { ScenarioRunModel, type RunReviewState } from '../../models/scenario-run'
import type { CurrentUser } from '../../utils/auth'
import { forWrites } from '../../utils/db-engine'
import { noteScenarioRun } from '../learning/learner-record'
import { refreshLearner } from '../learning/refresh-learner'
import { scorecardPasses } from '../scenario/scorecard-rules'

// A trainer's review of a run with written replies: the scorecard (one score per criterion,
// pre-filled from the automatic findings), comments on sentences of the replies, and the
// result that is final from then on. A later review is a correction: it needs a reason, and
// the audit log and the run keep what it replaced.

const sameScores = (review: RunReviewState, body: RunReviewBody) =>
  review.lines.every(l => body.scores.find(s => s.node === l.node && s.criterion === l.criterion)?.score === l.score)

/** The review the body asks for, or the field error that refuses it (pure). */
export function reviewedState(review: RunReviewState, steps: { node: string, reply: string }[], body: RunReviewBody, reviewer: { id: string, name: string }, now: Date): RunReviewState {
  const scores = review.lines.map((line) => {
    const given = body.scores.filter(s => s.node === line.node && s.criterion === line.criterion)
    if (given.length !== 1) throw invalidField('body', 'scores', `score "${line.behaviour}" once (criterion ${line.criterion} at ${line.node})`)
    return given[0]!.score
  })
  const unknown = body.scores.find(s => !review.lines.some(l => l.node === s.node && l.criterion === s.criterion))
  if (unknown) throw invalidField('body', 'scores', `criterion "${unknown.criterion}" at "${unknown.node}" is not on this run's scorecard`)
  for (const comment of body.comments) {
    const step = steps.find(s => s.node === comment.node)
    if (!step || !review.lines.some(l => l.node === comment.node)) throw invalidField('body', 'comments', `"${comment.node}" is not a written reply of this run`)
    if (!step.reply.includes(comment.quote)) throw invalidField('body', 'comments', 'quote a part of the learner\'s reply, exactly as written')
  }
  const correcting = review.status === 'reviewed'
  if (correcting && !body.reason) throw invalidField('body', 'reason', 'say why the reviewed result is corrected (at least 5 characters)')
  const passed = scorecardPasses(scores)
  const corrections = correcting
    ? [...review.corrections, {
        reviewerName: reviewer.name,
        at: now,
        reason: body.reason!,
        passed,
        previous: { reviewerName: review.reviewerName ?? '', at: review.reviewedAt ?? now, passed: review.passed ?? false, scores: review.lines.map(l => l.score ?? 0) },
      }]
    : review.corrections
  return {
    ...review,
    status: 'reviewed',
    revision: review.revision + 1,
    lines: review.lines.map((l, i) => ({ ...l, score: scores[i]! })),
    comments: body.comments.map(c => ({ node: c.node, quote: c.quote, text: c.text })),
    passed,
    reviewer: reviewer.id,
    reviewerName: reviewer.name,
    reviewedAt: now,
    corrections,
  }
}

/**
 * Event: a trainer reviews a finished run with written replies (or corrects a review). One
 * conditional write whose filter carries the review revision the trainer saw: of two
 * trainers reviewing at once one wins, the other is told to reload. The reviewed result
 * replaces the automatic one and is final: no step a learner can send changes a completed
 * run, and a learner's record never goes back from reviewed to pending.
 */
export async function reviewRun(trainer: CurrentUser, id: string, body: RunReviewBody, now = new Date()) {
  const run = await ScenarioRunModel.findById(id).lean()
  if (!run) throw createError({ statusCode: 404, statusMessage: 'There is no such role-play run.' })
  if (run.status !== 'completed') throw createError({ statusCode: 409, statusMessage: 'This run is not finished; it can be reviewed once the learner completes it.' })
  const review = run.review
  if (!review) throw createError({ statusCode: 409, statusMessage: 'This run has no written replies, so it has no scorecard to review.' })
  if (review.revision !== body.revision) {
    // A retry of the review that landed is answered with it, not refused.
    if (review.reviewer === trainer.id && review.revision === body.revision + 1 && sameScores(review, body)) return { run, corrected: false, repeated: true }
    throw createError({ statusCode: 409, statusMessage: `${review.reviewerName ?? 'Another trainer'} reviewed this run meanwhile; reload to see their scorecard before changing it.` })
  }
  const next = reviewedState(review, run.steps, body, trainer, now)
  const updated = await forWrites(ScenarioRunModel).findOneAndUpdate(
    { '_id': run._id, 'status': 'completed', 'review.revision': body.revision },
    { $set: { review: next, passed: next.passed } },
    { returnDocument: 'after' },
  ).lean()
  if (!updated) {
    const current = await ScenarioRunModel.findById(id, { review: 1 }).lean()
    if (current?.review?.reviewer === trainer.id && current.review.revision === body.revision + 1 && sameScores(current.review, body)) {
      return { run: (await ScenarioRunModel.findById(id).lean())!, corrected: false, repeated: true }
    }
    throw createError({ statusCode: 409, statusMessage: `${current?.review?.reviewerName ?? 'Another trainer'} reviewed this run meanwhile; reload to see their scorecard before changing it.` })
  }
  await noteScenarioRun(updated)
  await refreshLearner(updated.user, now)
  const corrected = review.status === 'reviewed'
  await recordAudit(trainer, corrected ? 'review.correct' : 'review.scorecard', `scenario-run:${id}`, {
    learner: String(updated.user),
    scenario: updated.scenario,
    passed: next.passed,
    ...(corrected ? { previousPassed: review.passed, reason: body.reason } : {}),
  }, { subject: updated.user })
  return { run: updated, corrected, repeated: false }
}
