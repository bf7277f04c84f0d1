import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkContent, formatContentError } from '../../server/domain/content/content-library'

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
      `content/${SCENARIO}: nodes.open.choices.1.next: goes to "nowhere", which is not a node`],
    ['an unreachable node', SCENARIO, (t: string) => t.replace('next: annoyed', 'next: helped'),
      `content/${SCENARIO}: nodes.annoyed: cannot be reached from the start node "open"`],
    ['a loop', SCENARIO, (t: string) => t.replace('next: helped, feedback: Owning', 'next: open, feedback: Owning'),
      `content/${SCENARIO}: nodes.open: is part of a loop: every route must end at an end node`],
    ['a threshold no route can reach', SCENARIO, (t: string) => t.replace('passThresholds: { friendliness: 3 }', 'passThresholds: { friendliness: 9 }'),
      `content/${SCENARIO}: passThresholds.friendliness: needs 9 but the best route scores only 3`],
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
    expect(checkContent(files).errors.map(formatContentError)).toContain(
      'content/lessons/greeting-basics/01-first-words.md: order: two lessons of course "greeting-basics" have order 1',
    )
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
