import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkContent, formatContentError } from '../../server/domain/content/content-library'
import { guessPassChance, scenarioValidity } from '../../server/domain/content/content-validity'

const VALID = 'test/fixtures/content-valid'

function loadFixture(dir = VALID, files = new Map<string, string>(), root = dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) loadFixture(full, files, root)
    else files.set(relative(root, full), readFileSync(full, 'utf8'))
  }
  return files
}

/** The checker's error lines after editing one file of the valid fixture. */
function errorsAfter(file: string, edit: (text: string) => string) {
  const files = loadFixture()
  expect(files.has(file), `fixture has ${file}`).toBe(true)
  files.set(file, edit(files.get(file)!))
  return checkContent(files).errors.map(formatContentError)
}

const LESSON = 'lessons/greeting-basics/01-first-words.md'
const QUIZ = 'quizzes/greeting-basics-quiz.yml'
const SCENARIO = 'scenarios/greeting-counter-personal.yml'
const PATH = 'paths/greeting-path.yml'

describe('content checker', () => {
  it('passes the valid fixture and versions its quiz and scenario', () => {
    const { errors, library } = checkContent(loadFixture())
    expect(errors).toEqual([])
    expect(library.quizzes.get('greeting-basics-quiz')?.version).toMatch(/^[0-9a-f]{12}$/)
    expect(library.lessons.map(l => l.slug)).toEqual(['first-words', 'names'])
  })

  it('gives a quiz a new version when a question changes, and keeps it when nothing does', () => {
    const before = checkContent(loadFixture()).library.quizzes.get('greeting-basics-quiz')!.version
    const files = loadFixture()
    expect(checkContent(files).library.quizzes.get('greeting-basics-quiz')!.version).toBe(before)
    files.set(QUIZ, files.get(QUIZ)!.replace('Who should speak first', 'Who speaks first'))
    expect(checkContent(files).library.quizzes.get('greeting-basics-quiz')!.version).not.toBe(before)
  })

  it.each([
    ['a lesson that is too long', LESSON, (t: string) => t.replace('minutes: 3', 'minutes: 12'),
      `content/${LESSON}: minutes: a lesson takes 3 to 8 minutes`],
    ['a number written as text', LESSON, (t: string) => t.replace('order: 1', 'order: first'),
      `content/${LESSON}: order: Invalid input: expected number, received string`],
    ['a lesson without frontmatter', LESSON, (t: string) => t.replace(/^---[\s\S]*?---\n/, ''),
      `content/${LESSON}: (file): a lesson starts with YAML frontmatter between two --- lines`],
    ['a lesson naming a missing course', LESSON, (t: string) => t.replace('course: greeting-basics', 'course: no-such-course'),
      `content/${LESSON}: course: names course "no-such-course", which does not exist`],
    ['two correct options on a single-choice question', QUIZ, (t: string) => t.replace('{ id: b, text: The customer }', '{ id: b, text: The customer, correct: true }'),
      `content/${QUIZ}: questions.0.options: a single-choice question needs exactly one correct option, found 2`],
    ['a multiple-response question with every option correct', QUIZ, (t: string) => t.replace('{ id: c, text: Reading a script word for word }', '{ id: c, text: Reading a script word for word, correct: true }'),
      `content/${QUIZ}: questions.1.options: a multiple-response question needs at least one wrong option`],
    ['a duplicate question id', QUIZ, (t: string) => t.replace('id: q2', 'id: q1'),
      `content/${QUIZ}: questions: duplicate question id "q1"`],
    ['a pool larger than the quiz', QUIZ, (t: string) => t.replace('poolSize: 3', 'poolSize: 5'),
      `content/${QUIZ}: poolSize: draws 5 questions but the quiz has only 4`],
    ['an unquoted comma that splits an option in two', QUIZ, (t: string) => t.replace('{ id: c, text: Reading a script word for word }', '{ id: c, text: Reading a script, word for word }'),
      `content/${QUIZ}: questions.1.options.2: Unrecognized key: "word for word"`],
    ['an unknown question type', QUIZ, (t: string) => t.replace('type: truefalse', 'type: essay'),
      `content/${QUIZ}: questions.2.type: Invalid discriminator value`],
    ['a quiz id that differs from its file name', QUIZ, (t: string) => t.replace('id: greeting-basics-quiz', 'id: greetings-quiz'),
      `content/${QUIZ}: id: the quiz id "greetings-quiz" must match the file name "greeting-basics-quiz"`],
    ['a choice leading nowhere', SCENARIO, (t: string) => t.replace('next: annoyed', 'next: nowhere'),
      `content/${SCENARIO}: nodes.open.choices.0.next: goes to "nowhere", which is not a node`],
    ['an unreachable node', SCENARIO, (t: string) => t.replace('next: annoyed', 'next: helped'),
      `content/${SCENARIO}: nodes.annoyed: cannot be reached from the start node "open"`],
    ['a loop', SCENARIO, (t: string) => t.replace('next: ask, recovery: true', 'next: open, recovery: true'),
      `content/${SCENARIO}: nodes.open: is part of a loop: every route must end at an end node`],
    ['a threshold no route can reach', SCENARIO, (t: string) => t.replace('passThresholds: { friendliness: 5 }', 'passThresholds: { friendliness: 9 }'),
      `content/${SCENARIO}: passThresholds.friendliness: needs 9 but the best route scores only 8`],
    ['an end node without an outcome', SCENARIO, (t: string) => t.replace('    outcome: Sam explains what they need and leaves satisfied.\n', ''),
      `content/${SCENARIO}: nodes.helped: a node without choices is an end node and needs an outcome and a result`],
    ['a path naming a missing quiz', PATH, (t: string) => t.replace('quizzes: [greeting-basics-quiz]', 'quizzes: [greeting-basics-quiz, no-such-quiz]'),
      `content/${PATH}: requires.quizzes.1: names quiz "no-such-quiz", which does not exist`],
    ['a path naming a missing scenario', PATH, (t: string) => t.replace('scenarios: [greeting-counter-personal]', 'scenarios: [ghost-call]'),
      `content/${PATH}: requires.scenarios.0: names scenario "ghost-call", which does not exist`],
    ['a file that is not YAML', PATH, () => 'id: [unclosed',
      `content/${PATH}: (file): not valid YAML`],
  ])('reports %s, naming the file and field', (_case, file, edit, expected) => {
    const errors = errorsAfter(file, edit)
    expect(errors.some(line => line.startsWith(expected)), `expected a line starting with\n  ${expected}\ngot\n  ${errors.join('\n  ')}`).toBe(true)
  })

  it('does not report references to a file that exists but failed to parse', () => {
    const errors = errorsAfter(QUIZ, t => t.replace('passMark: 70', 'passMark: high'))
    expect(errors).toEqual([`content/${QUIZ}: passMark: Invalid input: expected number, received string`])
  })

  it('reports two lessons with the same order in one course', () => {
    const files = loadFixture()
    files.set('lessons/greeting-basics/02-names.md', files.get('lessons/greeting-basics/02-names.md')!.replace('order: 2', 'order: 1'))
    expect(checkContent(files).errors.map(formatContentError)).toEqual(expect.arrayContaining([
      'content/lessons/greeting-basics/01-first-words.md: order: two lessons of course "greeting-basics" have order 1',
      'content/lessons/greeting-basics/02-names.md: order: two lessons of course "greeting-basics" have order 1',
    ]))
  })

  it('exits non-zero from the command line with one line per problem', () => {
    const run = (dir: string) => {
      try {
        return { code: 0, out: execFileSync(process.execPath, ['scripts/content-check.ts', dir], { encoding: 'utf8', stdio: 'pipe' }) }
      }
      catch (error) {
        const e = error as { status: number, stderr: string }
        return { code: e.status, out: e.stderr }
      }
    }
    expect(run(VALID)).toMatchObject({ code: 0, out: expect.stringContaining('content OK') })
    const broken = run('test/fixtures/content-broken')
    expect(broken.code).toBe(1)
    expect(broken.out.split('\n').filter(l => l.startsWith('test/fixtures/content-broken/'))).toEqual([
      'test/fixtures/content-broken/quizzes/greeting-basics-quiz.yml: poolSize: draws 9 questions but the quiz has only 1',
      'test/fixtures/content-broken/quizzes/greeting-basics-quiz.yml: questions.0.options: a single-choice question needs exactly one correct option, found 2',
      'test/fixtures/content-broken/paths/greeting-path.yml: requires.quizzes.1: names quiz "no-such-quiz", which does not exist',
    ])
  }, 60_000) // two Node start-ups: seconds each on a loaded machine
})

// The validity check: test-wise strategies played against every quiz and scenario.
const TESTWISE = 'test/fixtures/content-testwise'
/** Checker lines for a fixture folder, without the "warning: " marker (severity is tested apart). */
function lines(dir = TESTWISE) {
  return checkContent(loadFixture(dir), dir).errors.map(e => formatContentError({ ...e, severity: undefined }))
}

describe('validity check', () => {
  const found = lines()
  const scenarioLines = (id: string) => found.filter(l => l.startsWith(`${TESTWISE}/scenarios/${id}.yml:`))

  it.each([
    ['longest', 'longest-wins', 'n1.c2 → n2.c3 → n3.c1'],
    ['shortest', 'shortest-wins', 'n1.c2 → n2.c3 → n3.c1'],
    ['first', 'first-wins', 'n1.c1 → n2.c1 → n3.c1'],
    ['last', 'last-wins', 'n1.c3 → n2.c3 → n3.c3'],
  ])('catches a role-play that "always the %s reply" passes, naming the file, the strategy and the route', (strategy, id, route) => {
    const words = strategy === 'first' || strategy === 'last' ? `${strategy} reply in the file` : `${strategy} reply`
    expect(scenarioLines(id)).toContain(
      `${TESTWISE}/scenarios/${id}.yml: passThresholds: passed by always the ${words} (${route}): make the best reply differ in position and length from node to node`,
    )
    // Only that strategy: the others meet a weak reply somewhere.
    expect(scenarioLines(id).filter(l => l.includes('passed by always'))).toHaveLength(1)
  })

  it('catches a role-play that random clicking passes too often, with the exact chance', () => {
    expect(scenarioLines('random-wins')).toContain(
      `${TESTWISE}/scenarios/random-wins.yml: passThresholds: random clicking passes 75.0 % of the time (3/4); keep it at 10.0 % or below with more plausible weak replies or thresholds that need more good choices`,
    )
  })

  it('computes the random-clicking chance exactly over the graph', () => {
    // The valid fixture by hand: every best reply (1/3 · 1/4 · 1/3 · 1/3), one weak reply at any
    // point (1 + 3 + 2 + 2 routes of the same chance), or the pitfall, the recovery, then the best:
    // (2 + 16 + 1) / 216.
    const { definition } = checkContent(loadFixture()).library.scenarios.get('greeting-counter-personal')!
    const v = scenarioValidity(definition)
    expect(v.randomPass).toEqual({ n: 19n, d: 216n })
    expect(v.routeCount).toBe(109)
    expect(v.strategies).toEqual({ longest: false, shortest: false, first: false, last: false })
  })

  it('computes the chance that guessing passes a quiz draw, over every draw', () => {
    expect(found).toContain(`${TESTWISE}/quizzes/guessable-quiz.yml: passMark: guessing every answer passes 68.8 % of attempts; keep it at 5.0 % or below (more options, fewer true/false questions, a higher pass mark or a bigger draw)`)
    // Four true/false drawn of five, pass mark 50: at least 2 of 4 right = 11/16.
    expect(guessPassChance(checkContent(loadFixture(TESTWISE)).library.quizzes.get('guessable-quiz')!.definition)).toBeCloseTo(11 / 16, 12)
    // The valid fixture draws 3 of 4 (1/2, 1/7, 1/2, 1/6) and needs all 3: the mean over the 4 draws = 17/672.
    expect(guessPassChance(checkContent(loadFixture()).library.quizzes.get('greeting-basics-quiz')!.definition)).toBeCloseTo(17 / 672, 12)
  })

  it('warns when the correct option is the longest in more than 40 % of single-choice questions in a file, and fails it across the library', () => {
    expect(found).toContain(`${TESTWISE}/quizzes/longest-keyed-quiz.yml: questions: the correct option is the longest in 3 of 3 single-choice questions (100.0 %: q1, q2, q3); keep it at 40.0 % or below`)
    expect(found).toContain(`${TESTWISE}/quizzes: questions: across the library the correct option is the longest in 3 of 3 single-choice questions (100.0 %); keep it at 40.0 % or below`)
    const { errors } = checkContent(loadFixture(TESTWISE), TESTWISE)
    expect(errors.find(e => e.file.endsWith('longest-keyed-quiz.yml'))?.severity).toBe('warning')
    expect(errors.find(e => e.file === `${TESTWISE}/quizzes`)?.severity).toBeUndefined()
  })

  it('fails the command line on the test-wise fixture', () => {
    let code = 0
    try {
      execFileSync(process.execPath, ['scripts/content-check.ts', TESTWISE], { stdio: 'pipe' })
    }
    catch (error) {
      code = (error as { status: number }).status
    }
    expect(code).toBe(1)
  }, 60_000)

  /** Checker lines after editing the valid fixture's scenario, without the warning marker. */
  const ruleLines = (edit: (t: string) => string) => {
    const files = loadFixture()
    files.set(SCENARIO, edit(files.get(SCENARIO)!))
    return checkContent(files).errors.map(e => formatContentError({ ...e, severity: undefined }))
  }

  it.each([
    ['a threshold that fails a route with one weak reply',
      (t: string) => t.replace('passThresholds: { friendliness: 5 }', 'passThresholds: { friendliness: 6 }'),
      `content/${SCENARIO}: passThresholds: 4 routes with one weak reply (or a pitfall and its recovery): fails or ends lost, but one slip must still pass, e.g. open.warm → ask.listen → check.vague → close.anything-else`],
    ['a pitfall whose recovery is not tagged, so the route passes without one',
      (t: string) => t.replace('next: ask, recovery: true,', 'next: ask,'),
      `content/${SCENARIO}: passThresholds: 1 route through a pitfall without a recovery: passes, but must fail, e.g. open.cold → annoyed.recover → ask.listen → check.confirm → close.anything-else`],
    ['an unrecovered pitfall ending "resolved"',
      (t: string) => t.replace('next: ask, recovery: true,', 'next: ask,'),
      `content/${SCENARIO}: nodes: 36 routes through a pitfall without a recovery: ends "resolved"; lead it to a partly-resolved or lost ending, e.g. open.cold → annoyed.recover → ask.listen → check.vague → close.bye`],
    ['a route ending "lost" that passes',
      (t: string) => t.replace('feedback: An excuse instead of an apology ends the visit., scores: { friendliness: -2 }', 'feedback: An excuse instead of an apology ends the visit., scores: { friendliness: 5 }').replace('pitfall: ignoring-a-waiting-customer, feedback', 'feedback').replace('pitfalls: [ignoring-a-waiting-customer]', 'pitfalls: []').replace('recovery: true,', '').replace('{ friendliness: 5 }', '{ friendliness: 3 }'),
      `content/${SCENARIO}: passThresholds: 1 route ending "lost": passes, but must fail, e.g. open.cold → annoyed.busy`],
    ['a pitfall the scenario does not list',
      (t: string) => t.replace('pitfalls: [ignoring-a-waiting-customer]', 'pitfalls: []'),
      `content/${SCENARIO}: nodes.open.choices.0.pitfall: names pitfall "ignoring-a-waiting-customer", which is not in the scenario's pitfalls list`],
    ['a listed pitfall no reply falls into',
      (t: string) => t.replace('pitfalls: [ignoring-a-waiting-customer]', 'pitfalls: [ignoring-a-waiting-customer, getting-defensive]'),
      `content/${SCENARIO}: pitfalls.1: lists "getting-defensive" but no reply is tagged with it (pitfall: getting-defensive)`],
    ['a recovery that is not the best reply where it stands',
      (t: string) => t.replace('next: left, feedback', 'next: left, recovery: true, feedback'),
      `content/${SCENARIO}: nodes.annoyed.choices.1.recovery: a recovery reply must be the best-scoring reply at its node`],
  ])('enforces the pass rule over every route: %s', (_case, edit, expected) => {
    const found = ruleLines(edit)
    expect(found, found.join('\n')).toContain(expected)
  })
})
