import type { ScenarioDefinition, ScorecardCriterion } from '../../../shared/schemas/content'
import type { RunReviewView, WrittenFindings } from '../../../shared/types/learning'
import type { RunReviewState, ScorecardLine } from '../../models/scenario-run'

// The pure rules of trainer scorecards: the scores the automatic checks propose, when a
// reviewed scorecard passes, and how often trainers' scores differ from the proposals.

/** The top score of a criterion; a criterion passes at PASS_SCORE or more. */
export const MAX_SCORE = 4
export const PASS_SCORE = 2

/**
 * The score the checks propose for one criterion: the share of its moves found, out of 4,
 * less 2 for each of its pitfalls found (never below 0). A criterion no check informs is
 * proposed at PASS_SCORE: the trainer judges it alone.
 */
export function proposedScore(criterion: Pick<ScorecardCriterion, 'checks'>, findings: Pick<WrittenFindings, 'moves' | 'pitfalls'>): number {
  const moves = findings.moves.filter(m => criterion.checks.includes(m.id))
  const pitfalls = findings.pitfalls.filter(p => criterion.checks.includes(p.id)).length
  const avoided = criterion.checks.some(c => !findings.moves.some(m => m.id === c))
  if (!moves.length && !avoided) return PASS_SCORE
  const base = moves.length ? Math.round((MAX_SCORE * moves.filter(m => m.found).length) / moves.length) : MAX_SCORE
  return Math.max(0, base - PASS_SCORE * pitfalls)
}

interface StepWithFindings { node: string, written?: unknown }

/** The scorecard of a finished run, one line per criterion of each written node it went through, pre-filled from the findings. */
export function proposedScorecard(scenario: ScenarioDefinition, steps: StepWithFindings[]): ScorecardLine[] {
  return steps.flatMap((step) => {
    const spec = scenario.nodes[step.node]?.written
    const findings = step.written as WrittenFindings | null | undefined
    if (!spec || !findings) return []
    return spec.scorecard.map(c => ({ node: step.node, criterion: c.id, behaviour: c.behaviour, checks: c.checks, proposed: proposedScore(c, findings), score: null }))
  })
}

/** The review a run with written replies starts with when it completes; null for a run without any. */
export function pendingReview(scenario: ScenarioDefinition, steps: StepWithFindings[], autoPassed: boolean): RunReviewState | null {
  if (!steps.some(s => s.written)) return null
  return {
    status: 'pending',
    revision: 0,
    autoPassed,
    lines: proposedScorecard(scenario, steps),
    comments: [],
    passed: null,
    reviewer: null,
    reviewerName: null,
    reviewedAt: null,
    corrections: [],
  }
}

/** A reviewed scorecard passes when every criterion scores PASS_SCORE or more. */
export function scorecardPasses(scores: number[]): boolean {
  return scores.length > 0 && scores.every(s => s >= PASS_SCORE)
}

export interface CheckAgreement {
  check: string
  /** Reviewed criteria this check pre-filled. */
  judged: number
  /** Of those, how many the trainer scored differently from the proposal, higher or lower. */
  changed: number
  raised: number
  lowered: number
}

/**
 * Per check, how often trainers kept or changed the score it proposed, over reviewed
 * scorecards: a check trainers often change has patterns worth improving. Most changed first.
 */
export function checkAgreement(reviews: (Pick<RunReviewState, 'status' | 'lines'> | null | undefined)[]): CheckAgreement[] {
  const rows = new Map<string, CheckAgreement>()
  for (const review of reviews) {
    if (review?.status !== 'reviewed') continue
    for (const line of review.lines) {
      if (line.score === null) continue
      for (const check of line.checks) {
        const row = rows.get(check) ?? { check, judged: 0, changed: 0, raised: 0, lowered: 0 }
        row.judged++
        if (line.score > line.proposed) row.raised++
        if (line.score < line.proposed) row.lowered++
        if (line.score !== line.proposed) row.changed++
        rows.set(check, row)
      }
    }
  }
  return [...rows.values()].sort((a, b) => b.changed / b.judged - a.changed / a.judged || b.judged - a.judged || a.check.localeCompare(b.check))
}

const iso = (d: Date | string | null) => d ? new Date(d).toISOString() : null

/** The review as the learner and trainers see it. */
export function reviewView(review: RunReviewState | null | undefined): RunReviewView | null {
  if (!review) return null
  return {
    status: review.status,
    revision: review.revision,
    autoPassed: review.autoPassed,
    passed: review.passed,
    reviewer: review.reviewerName,
    reviewedAt: iso(review.reviewedAt),
    lines: review.lines.map(l => ({ ...l })),
    comments: review.comments.map(c => ({ ...c })),
    corrections: review.corrections.map(c => ({ reviewer: c.reviewerName, at: iso(c.at)!, reason: c.reason, passed: c.passed, previousPassed: c.previous.passed })),
  }
}
