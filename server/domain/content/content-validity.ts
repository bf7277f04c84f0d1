import type { QuizDefinition, QuizQuestion, ScenarioChoice, ScenarioDefinition, Skill } from '../../../shared/schemas/content.ts'

// The validity check: plays test-wise strategies against every scenario and quiz, so a
// file that a learner could pass without judgement is reported. Pure; content-library.ts
// turns the findings into checker lines and the trainer overview shows the figures.

/** Random clicking may pass a role-play at most this often. */
export const RANDOM_PASS_LIMIT = 0.1
/** Blind guessing may pass a quiz draw at most this often. */
export const GUESS_PASS_LIMIT = 0.05
/** The correct option may be the longest in at most this share of single-choice questions. */
export const LONGEST_SHARE_LIMIT = 0.4
/** Routes enumerated per scenario before the checker gives up (and says so). */
export const ROUTE_LIMIT = 50_000

export type Severity = 'error' | 'warning'
export interface Finding { field: string, message: string, severity: Severity }

export const STRATEGIES = ['longest', 'shortest', 'first', 'last'] as const
export type Strategy = typeof STRATEGIES[number]
const STRATEGY_WORDS: Record<Strategy, string> = {
  longest: 'always the longest reply',
  shortest: 'always the shortest reply',
  first: 'always the first reply in the file',
  last: 'always the last reply in the file',
}

// ---------------------------------------------------------------- exact fractions

export interface Fraction { n: bigint, d: bigint }
const gcd = (a: bigint, b: bigint): bigint => (b === BigInt(0) ? (a < BigInt(0) ? -a : a) : gcd(b, a % b))
function reduce({ n, d }: Fraction): Fraction {
  const g = gcd(n, d) || BigInt(1)
  return { n: n / g, d: d / g }
}
const add = (a: Fraction, b: Fraction) => reduce({ n: a.n * b.d + b.n * a.d, d: a.d * b.d })
export const toNumber = (f: Fraction) => Number(f.n * BigInt(1_000_000_000) / f.d) / 1_000_000_000
export const percent = (p: number) => `${(Math.round(p * 1000) / 10).toFixed(1)} %`

// ---------------------------------------------------------------- scenarios

type Scores = Partial<Record<Skill, number>>
const total = (scores: Scores) => Object.values(scores).reduce<number>((a, b) => a + (b ?? 0), 0)

export interface RouteStep { node: string, choice: ScenarioChoice, slip: boolean }
export interface Route {
  steps: RouteStep[]
  end: string
  result: 'resolved' | 'partly-resolved' | 'lost'
  passed: boolean
  /** Replies that score less (summed over skills) than the best reply at their node. */
  slips: number
  /** Pitfall replies not followed, later on the route, by a recovery reply. */
  unrecovered: string[]
  /** The chance that uniformly random clicking takes this route. */
  chance: Fraction
}

export function passes(scenario: ScenarioDefinition, scores: Scores) {
  return (Object.entries(scenario.passThresholds) as [Skill, number][]).every(([skill, threshold]) => (scores[skill] ?? 0) >= threshold)
}

/** The best total score at each conversation node: a reply below it is a slip. */
function bestTotals(scenario: ScenarioDefinition) {
  return new Map(Object.entries(scenario.nodes).filter(([, n]) => n.choices.length)
    .map(([id, n]) => [id, Math.max(...n.choices.map(c => total(c.scores)))]))
}

/**
 * Every route from the start to an end node, or undefined when there are more than
 * `ROUTE_LIMIT`. Call only on a scenario whose graph checks out (no loops, no dangling next).
 */
export function scenarioRoutes(scenario: ScenarioDefinition): Route[] | undefined {
  const best = bestTotals(scenario)
  const routes: Route[] = []
  const walk = (id: string, steps: RouteStep[], scores: Scores, chance: Fraction): boolean => {
    const node = scenario.nodes[id]!
    if (!node.choices.length) {
      const unrecovered: string[] = []
      steps.forEach((step, i) => {
        if (step.choice.pitfall && !steps.slice(i + 1).some(s => s.choice.recovery)) unrecovered.push(step.choice.pitfall)
      })
      routes.push({
        steps, end: id, result: node.result ?? 'lost', passed: passes(scenario, scores),
        slips: steps.filter(s => s.slip).length, unrecovered, chance: reduce(chance),
      })
      return routes.length <= ROUTE_LIMIT
    }
    for (const choice of node.choices) {
      const next = [...steps, { node: id, choice, slip: total(choice.scores) < best.get(id)! }]
      const sum = { ...scores }
      for (const [skill, v] of Object.entries(choice.scores) as [Skill, number][]) sum[skill] = (sum[skill] ?? 0) + v
      if (!walk(choice.next, next, sum, { n: chance.n, d: chance.d * BigInt(node.choices.length) })) return false
    }
    return true
  }
  return walk(scenario.start, [], {}, { n: BigInt(1), d: BigInt(1) }) ? routes : undefined
}

/**
 * The replies a strategy would pick at a node (more than one when lengths tie). At a written
 * node there is nothing to pick: a test-wise learner gets the default branch (the last one).
 */
function strategyPicks(strategy: Strategy, choices: ScenarioChoice[], written = false): ScenarioChoice[] {
  if (written) return [choices.at(-1)!]
  if (strategy === 'first') return [choices[0]!]
  if (strategy === 'last') return [choices.at(-1)!]
  const lengths = choices.map(c => c.text.trim().length)
  const target = strategy === 'longest' ? Math.max(...lengths) : Math.min(...lengths)
  return choices.filter((_, i) => lengths[i] === target)
}

const describeRoute = (route: Route) => route.steps.map(s => `${s.node}.${s.choice.id}`).join(' → ')

export interface ScenarioValidity {
  routeCount: number
  /** The exact chance that uniformly random clicking passes. */
  randomPass: Fraction
  /** Whether each strategy passes (when replies tie in length, any tied route counts). */
  strategies: Record<Strategy, boolean>
  /** Nodes where the best reply is also the (strictly) longest, out of all conversation nodes. */
  bestIsLongest: { nodes: number, of: number }
  findings: Finding[]
}

/** Plays the strategies, computes the random-pass chance and checks the pass rule over every route. */
export function scenarioValidity(scenario: ScenarioDefinition): ScenarioValidity {
  const routes = scenarioRoutes(scenario)
  const findings: Finding[] = []
  const error = (field: string, message: string) => findings.push({ field, message, severity: 'error' })
  const conversation = Object.entries(scenario.nodes).filter(([, n]) => n.choices.length)
  const best = bestTotals(scenario)

  // Tags: a named pitfall is one the scenario lists; a recovery is the best reply where it stands.
  const tagged = new Set<string>()
  for (const [id, node] of conversation) {
    node.choices.forEach((choice, i) => {
      const at = `nodes.${id}.choices.${i}`
      if (choice.pitfall) {
        tagged.add(choice.pitfall)
        if (!scenario.pitfalls.includes(choice.pitfall)) error(`${at}.pitfall`, `names pitfall "${choice.pitfall}", which is not in the scenario's pitfalls list`)
        if (total(choice.scores) >= best.get(id)!) error(`${at}.pitfall`, 'a pitfall reply cannot be the best-scoring reply at its node')
      }
      if (choice.recovery && total(choice.scores) < best.get(id)!) error(`${at}.recovery`, 'a recovery reply must be the best-scoring reply at its node')
      if (choice.recovery && choice.pitfall) error(`${at}`, 'a reply cannot be both a pitfall and a recovery')
    })
  }
  scenario.pitfalls.forEach((slug, i) => {
    if (!tagged.has(slug)) error(`pitfalls.${i}`, `lists "${slug}" but no reply is tagged with it (pitfall: ${slug})`)
  })

  let longestBest = 0
  for (const [id, node] of conversation) {
    if (node.written) continue
    const lengths = node.choices.map(c => c.text.trim().length)
    const longest = lengths.indexOf(Math.max(...lengths))
    if (lengths.filter(l => l === lengths[longest]).length === 1 && total(node.choices[longest]!.scores) === best.get(id)) longestBest++
  }
  const bestIsLongest = { nodes: longestBest, of: conversation.filter(([, n]) => !n.written).length }

  if (!routes) {
    error('nodes', `has more than ${ROUTE_LIMIT} routes; the validity check cannot enumerate them`)
    return { routeCount: 0, randomPass: { n: BigInt(0), d: BigInt(1) }, strategies: { longest: false, shortest: false, first: false, last: false }, bestIsLongest, findings }
  }

  // A route follows a strategy when each of its replies is one the strategy would pick.
  const strategies = Object.fromEntries(STRATEGIES.map((strategy) => {
    const followed = routes.filter(r => r.steps.every(s => strategyPicks(strategy, scenario.nodes[s.node]!.choices, Boolean(scenario.nodes[s.node]!.written)).includes(s.choice)))
    const passing = followed.find(r => r.passed)
    if (passing) error('passThresholds', `passed by ${STRATEGY_WORDS[strategy]} (${describeRoute(passing)}): make the best reply differ in position and length from node to node`)
    return [strategy, Boolean(passing)]
  })) as Record<Strategy, boolean>

  const randomPass = routes.filter(r => r.passed).reduce((sum, r) => add(sum, r.chance), { n: BigInt(0), d: BigInt(1) } as Fraction)
  if (toNumber(randomPass) > RANDOM_PASS_LIMIT) {
    error('passThresholds', `random clicking passes ${percent(toNumber(randomPass))} of the time (${randomPass.n}/${randomPass.d}); keep it at ${percent(RANDOM_PASS_LIMIT)} or below with more plausible weak replies or thresholds that need more good choices`)
  }

  // The pass rule in content/README.md, over every route; one line per broken clause.
  const clause = (field: string, broken: Route[], message: string) => {
    if (!broken.length) return
    const count = broken.length === 1 ? '1 route' : `${broken.length} routes`
    error(field, `${count} ${message}, e.g. ${describeRoute(broken[0]!)}`)
  }
  clause('passThresholds', routes.filter(r => r.slips === 0 && !r.passed), 'with the best reply at every node: fails')
  clause('passThresholds', routes.filter(r => r.slips === 1 && !r.unrecovered.length && (!r.passed || r.result === 'lost')),
    'with one weak reply (or a pitfall and its recovery): fails or ends lost, but one slip must still pass')
  clause('passThresholds', routes.filter(r => r.unrecovered.length && r.passed), 'through a pitfall without a recovery: passes, but must fail')
  clause('nodes', routes.filter(r => r.unrecovered.length && r.result === 'resolved'), 'through a pitfall without a recovery: ends "resolved"; lead it to a partly-resolved or lost ending')
  clause('passThresholds', routes.filter(r => r.result === 'lost' && r.passed), 'ending "lost": passes, but must fail')

  return { routeCount: routes.length, randomPass, strategies, bestIsLongest, findings }
}

// ---------------------------------------------------------------- quizzes

/** The chance that a uniformly random answer (among those the screen allows) is right. */
export function guessChance(question: QuizQuestion): number {
  switch (question.type) {
    case 'single': return 1 / question.options.length
    // Any non-empty set of ticks; marked right only when it is exactly the key.
    case 'multiple': return 1 / (2 ** question.options.length - 1)
    case 'truefalse': return 1 / 2
    case 'ordering': return 1 / factorial(question.items.length)
  }
}
const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1))

/**
 * The exact chance that guessing every answer passes one attempt: the draw takes
 * `poolSize` questions uniformly at random (all of them without a pool), a question is
 * right with its guess chance, and the attempt passes at `round(100 × right / drawn) ≥ passMark`.
 * Computed over every draw at once: ways[j][c] sums, over the sets of j questions seen so far,
 * the chance of c right answers.
 */
export function guessPassChance(quiz: QuizDefinition): number {
  const n = quiz.questions.length
  const drawn = Math.min(quiz.poolSize ?? n, n)
  let ways: number[][] = Array.from({ length: drawn + 1 }, () => Array<number>(drawn + 1).fill(0))
  ways[0]![0] = 1
  for (const question of quiz.questions) {
    const p = guessChance(question)
    const next = ways.map(row => [...row])
    for (let j = 0; j < drawn; j++) {
      for (let c = 0; c <= j; c++) {
        const w = ways[j]![c]!
        if (!w) continue
        next[j + 1]![c + 1]! += w * p
        next[j + 1]![c]! += w * (1 - p)
      }
    }
    ways = next
  }
  const draws = binomial(n, drawn)
  let pass = 0
  for (let c = 0; c <= drawn; c++) {
    if (Math.round((c / drawn) * 100) >= quiz.passMark) pass += ways[drawn]![c]!
  }
  return pass / draws
}
function binomial(n: number, k: number) {
  let r = 1
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i
  return r
}

/** Single-choice questions whose correct option is strictly the longest. */
export function longestCorrect(quiz: QuizDefinition): { longest: number, single: number, questions: string[] } {
  const questions: string[] = []
  let single = 0
  for (const q of quiz.questions) {
    if (q.type !== 'single') continue
    single++
    const lengths = q.options.map(o => o.text.trim().length)
    const right = q.options.findIndex(o => o.correct)
    if (lengths.every((l, i) => i === right || l < lengths[right]!)) questions.push(q.id)
  }
  return { longest: questions.length, single, questions }
}

export interface QuizValidity { guessPass: number, longest: { longest: number, single: number, questions: string[] }, findings: Finding[] }

export function quizValidity(quiz: QuizDefinition): QuizValidity {
  const findings: Finding[] = []
  const guessPass = guessPassChance(quiz)
  if (guessPass > GUESS_PASS_LIMIT) {
    findings.push({ field: 'passMark', severity: 'error', message: `guessing every answer passes ${percent(guessPass)} of attempts; keep it at ${percent(GUESS_PASS_LIMIT)} or below (more options, fewer true/false questions, a higher pass mark or a bigger draw)` })
  }
  const longest = longestCorrect(quiz)
  if (longest.single && longest.longest / longest.single > LONGEST_SHARE_LIMIT) {
    findings.push({ field: 'questions', severity: 'warning', message: `the correct option is the longest in ${longest.longest} of ${longest.single} single-choice questions (${percent(longest.longest / longest.single)}: ${longest.questions.join(', ')}); keep it at ${percent(LONGEST_SHARE_LIMIT)} or below` })
  }
  return { guessPass, longest, findings }
}

/** Across the library: the correct option may be the longest in at most 40 % of all single-choice questions. */
export const LIBRARY_LONGEST_SEVERITY: Severity = 'error'

export function libraryLongestShare(quizzes: QuizDefinition[]): Finding | undefined {
  let longest = 0
  let single = 0
  for (const quiz of quizzes) {
    const counts = longestCorrect(quiz)
    longest += counts.longest
    single += counts.single
  }
  if (!single || longest / single <= LONGEST_SHARE_LIMIT) return undefined
  return { field: 'questions', severity: LIBRARY_LONGEST_SEVERITY, message: `across the library the correct option is the longest in ${longest} of ${single} single-choice questions (${percent(longest / single)}); keep it at ${percent(LONGEST_SHARE_LIMIT)} or below` }
}
