import { describe, expect, it } from 'vitest'
import { checkAgreement, pendingReview, proposedScore, scorecardPasses } from '../../server/domain/scenario/scorecard-rules'
import { scenarioPassesFor } from '../../server/domain/certificates/certificate-rules'
import { recordsOf } from '../../server/domain/learning/summary-rules'
import { checkWrittenReply } from '../../server/domain/scenario/written-checks'
import { library } from '../support/learning'

const move = (id: string, found: boolean) => ({ id, move: id, found, quote: null, feedback: '' })
const pitfall = (id: string) => ({ id, title: id, quote: 'x', feedback: '', lesson: 'a/b' })

describe('proposed scorecard scores', () => {
  it.each([
    { checks: ['a', 'b'], moves: [move('a', true), move('b', true)], pitfalls: [], score: 4 },
    { checks: ['a', 'b'], moves: [move('a', true), move('b', false)], pitfalls: [], score: 2 },
    { checks: ['a', 'b', 'c'], moves: [move('a', true), move('b', false), move('c', false)], pitfalls: [], score: 1 },
    { checks: ['a', 'blame'], moves: [move('a', true)], pitfalls: [pitfall('blame')], score: 2 },
    { checks: ['a', 'blame', 'sarcasm'], moves: [move('a', false)], pitfalls: [pitfall('blame'), pitfall('sarcasm')], score: 0 },
    { checks: ['blame'], moves: [move('a', false)], pitfalls: [], score: 4 },
    { checks: ['blame'], moves: [], pitfalls: [pitfall('blame')], score: 2 },
    { checks: [], moves: [move('a', false)], pitfalls: [pitfall('blame')], score: 2 },
  ])('checks $checks propose $score', ({ checks, moves, pitfalls, score }) => {
    expect(proposedScore({ checks }, { moves, pitfalls })).toBe(score)
  })

  it('passes a scorecard only when every criterion scores 2 or more', () => {
    expect(scorecardPasses([2, 3, 4])).toBe(true)
    expect(scorecardPasses([4, 4, 1])).toBe(false)
    expect(scorecardPasses([])).toBe(false)
  })

  it.each([...library.scenarios.values()].filter(s => Object.values(s.definition.nodes).some(n => n.written)).map(s => s.definition))('$id: the example reply is proposed full marks on every checked criterion, each bad example less on a criterion it fails', (scenario) => {
    for (const [id, node] of Object.entries(scenario.nodes)) {
      const spec = node.written
      if (!spec) continue
      const example = pendingReview(scenario, [{ node: id, written: checkWrittenReply(spec, library.written.lexicon, spec.example) }], true)!
      expect(example.lines).toHaveLength(spec.scorecard.length)
      expect(example.lines.filter(l => l.checks.length).every(l => l.proposed === 4)).toBe(true)
      for (const bad of spec.bad) {
        const review = pendingReview(scenario, [{ node: id, written: checkWrittenReply(spec, library.written.lexicon, bad.text) }], false)!
        const informed = review.lines.filter(l => l.checks.some(c => bad.fails.includes(c)))
        expect(informed.length, bad.text).toBeGreaterThan(0)
        expect(informed.every(l => l.proposed < 4), bad.text).toBe(true)
      }
    }
  })

  it('a run without written replies has no review', () => {
    const scenario = [...library.scenarios.values()][0]!.definition
    expect(pendingReview(scenario, [{ node: scenario.start, written: null }], true)).toBeNull()
  })
})

describe('trainers against the checks', () => {
  it('counts, per check, how often reviewed scores differ from the proposal, most changed first; pending reviews do not count', () => {
    const line = (checks: string[], proposed: number, score: number | null) => ({ node: 'n', criterion: 'c', behaviour: 'b', checks, proposed, score })
    const rows = checkAgreement([
      { status: 'reviewed', lines: [line(['apologise', 'blame'], 4, 2), line(['next-contact'], 4, 4)] },
      { status: 'reviewed', lines: [line(['apologise'], 2, 3), line(['next-contact'], 0, 0)] },
      { status: 'pending', lines: [line(['next-contact'], 4, null)] },
      null,
    ])
    expect(rows).toEqual([
      { check: 'apologise', judged: 2, changed: 2, raised: 1, lowered: 1 },
      { check: 'blame', judged: 1, changed: 1, raised: 0, lowered: 1 },
      { check: 'next-contact', judged: 2, changed: 0, raised: 0, lowered: 0 },
    ])
  })
})

describe('a path requiring a reviewed pass', () => {
  const at = new Date('2026-11-01T10:00:00Z')
  const run = (scenario: string, passed: boolean, review?: 'pending' | 'reviewed') => ({ scenario, number: 1, status: 'completed' as const, version: 'v', startedAt: at, completedAt: at, passed, ...(review ? { review } : {}) })
  const records = recordsOf({
    lessons: {},
    quizAttempts: {},
    certificates: {},
    scenarioRuns: {
      a: run('written-pending', true, 'pending'),
      b: run('written-reviewed', true, 'reviewed'),
      c: run('written-failed', false, 'reviewed'),
      d: run('chosen-only', true),
    },
  })

  it('counts only reviewed passes and runs with nothing to review; other paths count every pass', () => {
    expect([...scenarioPassesFor({ requireReviewedPass: true }, records).keys()].sort()).toEqual(['chosen-only', 'written-reviewed'])
    expect([...scenarioPassesFor({}, records).keys()].sort()).toEqual(['chosen-only', 'written-pending', 'written-reviewed'])
    expect(records.awaitingReview).toEqual(new Map([['written-pending', 1]]))
  })
})
