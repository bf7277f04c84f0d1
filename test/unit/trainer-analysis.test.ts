import { describe, expect, it } from 'vitest'
import type { QuizDefinition, QuizQuestion, ScenarioDefinition } from '../../shared/schemas/content'
import { analyseQuiz, analyseQuizSums, applyIncrements, attemptIncrements, choiceKeys, correlationFromSums, emptyVersionSums, newLearnerFromRecord, questionFlags, type AttemptForAnalysis } from '../../server/domain/trainer/quiz-analysis'
import { analyseScenario, nodesInOrder, type RunForAnalysis } from '../../server/domain/trainer/scenario-analysis'
import { correlationOf, medianOf } from '../../server/utils/statistics'

describe('statistics', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(medianOf([])).toBeNull()
    expect(medianOf([7, 1, 3])).toBe(3)
    expect(medianOf([8000, 2000, 4000, 5000])).toBe(4500)
  })

  it('correlates paired values and gives null when a series does not vary', () => {
    expect(correlationOf([1, 0, 1, 0], [3, 1, 3, 1])).toBeCloseTo(1, 10)
    expect(correlationOf([1, 0, 1, 0], [1, 3, 1, 3])).toBeCloseTo(-1, 10)
    expect(correlationOf([1, 1, 1], [1, 2, 3])).toBeNull()
    expect(correlationOf([1], [1])).toBeNull()
  })
})

const questions: QuizQuestion[] = [
  { id: 'q1', type: 'single', prompt: 'Pick one', skill: 'empathy', explanation: 'Because.', options: [{ id: 'a', text: 'Alpha', correct: true }, { id: 'b', text: 'Beta', correct: false }, { id: 'c', text: 'Gamma', correct: false }] },
  { id: 'q2', type: 'truefalse', prompt: 'True or not?', skill: 'communication', explanation: 'Because.', answer: true },
  { id: 'q3', type: 'multiple', prompt: 'Pick some', skill: 'follow-up', explanation: 'Because.', options: [{ id: 'a', text: 'A', correct: true }, { id: 'b', text: 'B', correct: true }, { id: 'c', text: 'C', correct: false }] },
  { id: 'q4', type: 'ordering', prompt: 'Put in order', skill: 'problem-solving', explanation: 'Because.', items: [{ id: 'x', text: 'X' }, { id: 'y', text: 'Y' }, { id: 'z', text: 'Z' }] },
]
const quiz: QuizDefinition = { id: 'hand-quiz', title: 'Hand quiz', course: 'sample', passMark: 75, attemptLimit: 3, cooldownMinutes: 0, review: 'after-pass', questions }

// Six attempts on the current version; 1 = right. Totals 1, 1, 3, 2, 2, 3 of 4.
//        q1 q2 q3 q4
//   A1    1  0  0  0    a, false, [a],    y>x>z
//   A2    1  0  0  0    a, false, [a,c],  y>x>z
//   A3    1  0  1  1    a, (none), [a,b], x>y>z
//   A4    1  1  0  0    a, true,  [c],    z>y>x
//   A5    1  1  0  0    a, true,  [b,c],  y>x>z
//   A6    1  1  1  0    a, true,  [b,a],  x>z>y
function attempt(n: number, marks: string, answers: AttemptForAnalysis['answers'], extra: Partial<AttemptForAnalysis> = {}): AttemptForAnalysis {
  const results = questions.slice(0, marks.length).map((q, i) => ({ question: q.id, correct: marks[i] === '1' }))
  const score = Math.round(100 * results.filter(r => r.correct).length / results.length)
  return {
    user: `learner-${n}`, version: 'v-now', score, passed: score >= 75, submittedAt: new Date(Date.UTC(2026, 0, n)),
    answers, results, ...extra,
  }
}
const current = [
  attempt(1, '1000', { q1: 'a', q2: false, q3: ['a'], q4: ['y', 'x', 'z'] }),
  attempt(2, '1000', { q1: 'a', q2: false, q3: ['a', 'c'], q4: ['y', 'x', 'z'] }),
  attempt(3, '1011', { q1: 'a', q2: null, q3: ['a', 'b'], q4: ['x', 'y', 'z'] }),
  attempt(4, '1100', { q1: 'a', q2: true, q3: ['c'], q4: ['z', 'y', 'x'] }),
  attempt(5, '1100', { q1: 'a', q2: true, q3: ['b', 'c'], q4: ['y', 'x', 'z'] }),
  attempt(6, '1110', { q1: 'a', q2: true, q3: ['b', 'a'], q4: ['x', 'z', 'y'] }),
]
// Two attempts on an older version whose q2 was worded differently; they drew q1 and q2 only.
const oldSnapshot = [questions[0]!, { ...questions[1]!, prompt: 'The old wording' } as QuizQuestion]
const older = [
  attempt(7, '11', { q1: 'a', q2: true }, { version: 'v-old', snapshot: oldSnapshot, score: 100, passed: true }),
  attempt(8, '01', { q1: 'b', q2: true }, { version: 'v-old', snapshot: oldSnapshot, score: 50, passed: false }),
]

describe('quiz analysis', () => {
  const analysis = analyseQuiz({ definition: quiz, version: 'v-now' }, [...older, ...current])
  const now = analysis.versions[0]!
  const question = (id: string) => now.questions.find(q => q.id === id)!

  it('summarises attempts, pass rate and average score overall and per version', () => {
    // Scores 25 25 75 50 50 75 (mean 50), then 100 and 50: 450 / 8 = 56.25; passes A3, A6, A7.
    expect(analysis).toMatchObject({ attempts: 8, learners: 8, averageScore: 56.25 })
    expect(analysis.passRate).toBeCloseTo(3 / 8, 10)
    expect(analysis.versions.map(v => [v.version, v.current, v.attempts])).toEqual([['v-now', true, 6], ['v-old', false, 2]])
    expect(now.averageScore).toBe(50)
    expect(now.passRate).toBeCloseTo(1 / 3, 10)
  })

  it('computes difficulty as the share of attempts answering right', () => {
    expect(now.questions.map(q => [q.id, q.answered, q.correct])).toEqual([['q1', 6, 6], ['q2', 6, 3], ['q3', 6, 2], ['q4', 6, 1]])
    expect(question('q1').difficulty).toBe(1)
    expect(question('q2').difficulty).toBe(0.5)
    expect(question('q3').difficulty).toBeCloseTo(1 / 3, 10)
    expect(question('q4').difficulty).toBeCloseTo(1 / 6, 10)
  })

  it('computes discrimination as the correlation of the item with the rest of the score', () => {
    // q1: everyone right, nothing to correlate.
    expect(question('q1').discrimination).toBeNull()
    // q2: item 0 0 0 1 1 1, rest 1 1 3 1 1 2 (mean 1.5): Sxy = -0.5, Sxx = 1.5, Syy = 3.5 → -0.5 / √5.25
    expect(question('q2').discrimination).toBeCloseTo(-0.5 / Math.sqrt(5.25), 10)
    // q3: item 0 0 1 0 0 1, rest 1 1 2 2 2 2 (mean 5/3): Sxy = 2/3, Sxx = Syy = 4/3 → 0.5
    expect(question('q3').discrimination).toBeCloseTo(0.5, 10)
    // q4: item 0 0 1 0 0 0, rest 1 1 2 2 2 3 (mean 11/6): Sxy = 1/6, Sxx = 5/6, Syy = 17/6 → 1/√85
    expect(question('q4').discrimination).toBeCloseTo(1 / Math.sqrt(85), 10)
  })

  it('counts how often each option and each order was picked', () => {
    expect(question('q1').choices.map(c => [c.id, c.count, c.correct])).toEqual([['a', 6, true], ['b', 0, false], ['c', 0, false]])
    expect(question('q2').choices.map(c => [c.id, c.count, c.correct])).toEqual([['true', 3, true], ['false', 2, false]])
    expect(question('q2').unanswered).toBe(1)
    expect(question('q3').choices.map(c => [c.id, c.count])).toEqual([['a', 4], ['b', 3], ['c', 3]])
    expect(question('q4').choices.map(c => [c.text, c.count, c.correct])).toEqual([
      ['X → Y → Z', 1, true], ['Y → X → Z', 3, false], ['X → Z → Y', 1, false], ['Z → Y → X', 1, false],
    ])
  })

  it('flags questions that are too easy, too hard or that strong learners miss', () => {
    expect(now.questions.map(q => [q.id, q.flags])).toEqual([
      ['q1', ['too-easy']],
      ['q2', ['negative-discrimination']],
      ['q3', []],
      ['q4', ['too-hard', 'low-discrimination']],
    ])
    expect(questionFlags(0.9, 0.2)).toEqual([])
    expect(question('q1').fewAnswers).toBe(true)
  })

  it('keeps an older version apart, with the questions as they were worded then', () => {
    const old = analysis.versions[1]!
    expect(old.questions.map(q => [q.id, q.prompt, q.answered, q.difficulty])).toEqual([['q1', 'Pick one', 2, 0.5], ['q2', 'The old wording', 2, 1]])
    expect(old.questions[0]!.choices.map(c => [c.id, c.count])).toEqual([['a', 1], ['b', 1], ['c', 0]])
    expect(old).toMatchObject({ attempts: 2, passRate: 0.5, averageScore: 75 })
  })

  it('gives the same figures from sums kept one submission at a time, as the writer keeps them', () => {
    // What the database holds after each submission's $inc, then read back as JSON.
    const byVersion = new Map<string, ReturnType<typeof emptyVersionSums>>()
    for (const a of [...older, ...current]) {
      const sums = byVersion.get(a.version) ?? emptyVersionSums(a.version)
      byVersion.set(a.version, sums)
      applyIncrements(sums, attemptIncrements(a, a.snapshot ?? questions))
      sums.learners++
      sums.newLearners++
      for (const q of a.snapshot ?? []) sums.questions[q.id]!.definition ??= q
      sums.lastAt = a.submittedAt!
    }
    const stored = JSON.parse(JSON.stringify([...byVersion.values()]), (key, value) => key.endsWith('At') && value ? new Date(value) : value)
    const fromSums = analyseQuizSums({ definition: quiz, version: 'v-now' }, stored)
    const strip = (a: typeof analysis) => a.versions.map(v => v.questions.map(q => [q.id, q.answered, q.correct, q.unanswered, q.difficulty, q.discrimination?.toFixed(10), q.choices]))
    expect(strip(fromSums)).toEqual(strip(analysis))
    expect(fromSums).toMatchObject({ attempts: 8, learners: 8, averageScore: 56.25 })
  })

  it('turns an answer into the counts it adds, and the sums into a correlation', () => {
    expect(choiceKeys(questions[0]!, 'b')).toEqual(['b'])
    expect(choiceKeys(questions[1]!, false)).toEqual(['false'])
    expect(choiceKeys(questions[2]!, ['a', 'c'])).toEqual(['a', 'c'])
    expect(choiceKeys(questions[3]!, ['y', 'x', 'z'])).toEqual(['y>x>z'])
    expect(choiceKeys(questions[2]!, [])).toEqual([])
    expect(choiceKeys(questions[0]!, null)).toEqual([])
    const xs = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1]
    const ys = [0.5, 0.25, 0.75, 1, 0, 0.5, 0.75, 0.25, 0.5, 1]
    const sum = (f: (i: number) => number) => xs.reduce((n, _, i) => n + f(i), 0)
    const sums = { n: xs.length, sx: sum(i => xs[i]!), sy: sum(i => ys[i]!), syy: sum(i => ys[i]! ** 2), sxy: sum(i => xs[i]! * ys[i]!) }
    expect(correlationFromSums(sums)).toBeCloseTo(correlationOf(xs, ys)!, 10)
    expect(correlationFromSums({ n: 3, sx: 3, sy: 1.5, syy: 1, sxy: 1.5 })).toBeNull()
    expect(correlationFromSums({ n: 1, sx: 1, sy: 1, syy: 1, sxy: 1 })).toBeNull()
  })

  it('lists the current version with its questions even before anyone has taken it', () => {
    const empty = analyseQuiz({ definition: quiz, version: 'v-now' }, [])
    expect(empty).toMatchObject({ attempts: 0, passRate: null, averageScore: null })
    expect(empty.versions[0]!.questions.map(q => [q.id, q.answered, q.difficulty, q.flags])).toEqual([
      ['q1', 0, null, []], ['q2', 0, null, []], ['q3', 0, null, []], ['q4', 0, null, []],
    ])
  })
})

const scenario: ScenarioDefinition = {
  id: 'sample', title: 'Sample', course: 'sample', channel: 'phone', summary: 'A sample conversation.', pitfalls: [],
  persona: { name: 'Ana', description: 'A caller', mood: 'upset' },
  passThresholds: { 'empathy': 3, 'follow-up': 1 },
  review: 'after-pass',
  start: 'open',
  nodes: {
    open: { customer: 'Hello?', choices: [
      { id: 'kind', text: 'Hi, I can help.', next: 'mid', feedback: 'Good start.', scores: { empathy: 2 } },
      { id: 'rude', text: 'What?', next: 'mid', feedback: 'Too curt.', scores: { empathy: -2 } },
    ] },
    mid: { customer: 'My order is late.', choices: [
      { id: 'own', text: 'I will chase it and call you back today.', next: 'good', feedback: 'Ownership.', scores: { 'empathy': 2, 'follow-up': 2 } },
      { id: 'shrug', text: 'Not my department.', next: 'bad', feedback: 'Passing the buck.', scores: { empathy: -1 } },
    ] },
    good: { outcome: 'Ana is reassured.', result: 'resolved', choices: [] },
    bad: { outcome: 'Ana hangs up.', result: 'lost', choices: [] },
  },
}
const step = (node: string, choice: string, ms: number, reply = choice) => ({ node, customer: '', choice, reply, ms })
const runs: RunForAnalysis[] = [
  { user: 'r1', version: 'v1', status: 'completed', passed: true, result: 'resolved', scores: { 'empathy': 4, 'follow-up': 2 }, steps: [step('open', 'kind', 4000), step('mid', 'own', 10000)] },
  { user: 'r2', version: 'v1', status: 'completed', passed: false, result: 'resolved', scores: { 'empathy': 0, 'follow-up': 2 }, steps: [step('open', 'rude', 2000), step('mid', 'own', 6000)] },
  { user: 'r3', version: 'v1', status: 'completed', passed: false, result: 'lost', scores: { empathy: 1 }, steps: [step('open', 'kind', 8000), step('mid', 'shrug', 3000)] },
  { user: 'r4', version: 'v1', status: 'in-progress', scores: { empathy: 2 }, steps: [step('open', 'kind', 5000)] },
  { user: 'r5', version: 'v0', status: 'abandoned', scores: {}, steps: [step('open', 'kind', 1000), step('mid', 'old-choice', 9000, 'An old reply')] },
]

describe('scenario analysis', () => {
  const analysis = analyseScenario({ definition: scenario, version: 'v1' }, runs)
  const now = analysis.versions[0]!

  it('counts runs, completed runs, pass rate and outcomes', () => {
    expect(analysis).toMatchObject({ started: 5, runs: 3, learners: 3 })
    expect(analysis.passRate).toBeCloseTo(1 / 3, 10)
    expect(now).toMatchObject({ version: 'v1', current: true, started: 4, runs: 3, outcomes: { 'resolved': 2, 'partly-resolved': 0, 'lost': 1 } })
  })

  it('averages each skill over completed runs and says how many met its threshold', () => {
    // empathy 4, 0, 1 → 5/3, met (≥ 3) by 1 of 3; follow-up 2, 2, 0 (missing) → 4/3, met (≥ 1) by 2 of 3.
    expect(now.skills.map(s => s.skill)).toEqual(['empathy', 'follow-up'])
    expect(now.skills[0]!.average).toBeCloseTo(5 / 3, 10)
    expect(now.skills[0]!.metShare).toBeCloseTo(1 / 3, 10)
    expect(now.skills[1]!.average).toBeCloseTo(4 / 3, 10)
    expect(now.skills[1]!.metShare).toBeCloseTo(2 / 3, 10)
    expect(now.skills[1]!.threshold).toBe(1)
  })

  it('counts each choice at each node, including choices nobody took', () => {
    expect(nodesInOrder(scenario)).toEqual(['open', 'mid'])
    expect(now.nodes.map(n => [n.id, n.answers, n.choices.map(c => [c.id, c.count])])).toEqual([
      ['open', 4, [['kind', 3], ['rude', 1]]],
      ['mid', 3, [['own', 2], ['shrug', 1]]],
    ])
    expect(now.nodes[0]!.choices[0]!.share).toBe(0.75)
    const quiet = analyseScenario({ definition: scenario, version: 'v1' }, [runs[1]!])
    expect(quiet.versions[0]!.nodes[1]!.choices).toEqual([
      { id: 'own', text: 'I will chase it and call you back today.', count: 1, share: 1, scores: { 'empathy': 2, 'follow-up': 2 } },
      { id: 'shrug', text: 'Not my department.', count: 0, share: 0, scores: { empathy: -1 } },
    ])
  })

  it('takes the median time to answer at each node', () => {
    // open: 4000 2000 8000 5000 → (4000 + 5000) / 2; mid: 10000 6000 3000 → 6000
    expect(now.nodes.map(n => n.medianMs)).toEqual([4500, 6000])
  })

  it('keeps runs of an older version apart, labelled with the replies they recorded', () => {
    const old = analysis.versions[1]!
    expect(old).toMatchObject({ version: 'v0', current: false, started: 1, runs: 0, passRate: null })
    expect(old.nodes.map(n => [n.id, n.choices.map(c => [c.text, c.count]), n.medianMs])).toEqual([
      ['open', [['kind', 1]], 1000],
      ['mid', [['An old reply', 1]], 9000],
    ])
  })
})

describe('counting learners of a quiz from the learner record', () => {
  const attempt = { _id: 'a3', quiz: 'q', version: 'v2' }
  const fact = (quiz: string, status: 'submitted' | 'in-progress', version?: string) => ({ quiz, status, ...(version ? { version } : {}) })

  it.each([
    ['only this attempt', { a3: fact('q', 'submitted', 'v2') }, [true, true]],
    ['an earlier attempt at another version', { a1: fact('q', 'submitted', 'v1'), a3: fact('q', 'submitted', 'v2') }, [false, true]],
    ['an earlier attempt at this version', { a1: fact('q', 'submitted', 'v2'), a3: fact('q', 'submitted', 'v2') }, [false, false]],
    ['another quiz and an unsubmitted attempt only', { b1: fact('other', 'submitted', 'v2'), a2: fact('q', 'in-progress', 'v2'), a3: fact('q', 'submitted', 'v2') }, [true, true]],
  ] as const)('with %s', (_, quizAttempts, expected) => {
    expect(newLearnerFromRecord({ quizAttempts }, attempt)).toEqual(expected)
  })

  it('leaves the decision to the markers when an earlier fact has no version', () => {
    expect(newLearnerFromRecord({ quizAttempts: { a1: fact('q', 'submitted'), a3: fact('q', 'submitted', 'v2') } }, attempt)).toBeNull()
  })
})
