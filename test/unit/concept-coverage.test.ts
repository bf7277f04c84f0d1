import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { conceptCoverage, coverageTable } from '../../server/domain/content/concept-coverage'
import { checkContent, formatContentError } from '../../server/domain/content/content-library'

// Fixture: the valid library plus concepts.yml; lesson first-words teaches both concepts,
// quiz q1 assesses greet-first, the role-play choice open.warm practises acknowledge-the-wait.
const FIXTURE = 'test/fixtures/content-coverage'
const LESSON = 'lessons/greeting-basics/01-first-words.md'
const QUIZ = 'quizzes/greeting-basics-quiz.yml'
const SCENARIO = 'scenarios/greeting-counter-personal.yml'

function loadFixture(dir = FIXTURE, files = new Map<string, string>(), root = dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) loadFixture(full, files, root)
    else if (name !== 'README.md') files.set(relative(root, full), readFileSync(full, 'utf8'))
  }
  return files
}

function errorsAfter(file: string, edit: (text: string) => string) {
  const files = loadFixture()
  const before = files.get(file)!
  const after = edit(before)
  expect(after, `the edit changes ${file}`).not.toBe(before)
  files.set(file, after)
  return checkContent(files).errors.map(formatContentError)
}

describe('concept coverage', () => {
  it('maps each concept to the lesson that teaches it and the questions and choices that assess it', () => {
    const { library, errors } = checkContent(loadFixture())
    expect(errors).toEqual([])
    expect(conceptCoverage(library).map(r => ({ id: r.concept.id, lessons: r.lessons.map(l => l.slug), questions: r.questions, choices: r.choices }))).toEqual([
      { id: 'greet-first', lessons: ['first-words'], questions: [{ quiz: 'greeting-basics-quiz', question: 'q1' }], choices: [] },
      { id: 'acknowledge-the-wait', lessons: ['first-words'], questions: [], choices: [{ scenario: 'greeting-counter-personal', node: 'open', choice: 'warm' }] },
    ])
    expect(coverageTable(library)).toContain('| Acknowledge a wait (`acknowledge-the-wait`) | greeting-basics/first-words | — | greeting-counter-personal open.warm |')
  })

  it('fails a concept that is taught but assessed by no quiz question and no role-play choice', () => {
    expect(errorsAfter(SCENARIO, t => t.replace(', concepts: [acknowledge-the-wait]', ''))).toEqual([
      'content/concepts.yml: concepts.1: "acknowledge-the-wait" is taught (greeting-basics/first-words) but no quiz question or role-play choice assesses it',
    ])
    expect(errorsAfter(QUIZ, t => t.replace('    concepts: [greet-first]\n', ''))).toEqual([
      'content/concepts.yml: concepts.0: "greet-first" is taught (greeting-basics/first-words) but no quiz question or role-play choice assesses it',
    ])
  })

  it('fails a concept listed in concepts.yml that no lesson teaches', () => {
    expect(errorsAfter(LESSON, t => t.replace('concepts: [greet-first, acknowledge-the-wait]', 'concepts: [greet-first]'))).toEqual([
      'content/concepts.yml: concepts.1: "acknowledge-the-wait" is taught by no lesson: tag the lesson that teaches it, or remove the concept',
    ])
  })

  it('fails a concept id that concepts.yml does not list, wherever it is used', () => {
    expect(errorsAfter(QUIZ, t => t.replace('concepts: [greet-first]', 'concepts: [greet-first, greet-frist]'))).toEqual([
      `content/${QUIZ}: questions.0.concepts: names concept "greet-frist", which is not in concepts.yml`,
    ])
    expect(errorsAfter(SCENARIO, t => t.replace('concepts: [acknowledge-the-wait]', 'concepts: [acknowledge-wait]'))).toEqual([
      `content/${SCENARIO}: nodes.open.choices.1.concepts: names concept "acknowledge-wait", which is not in concepts.yml`,
      'content/concepts.yml: concepts.1: "acknowledge-the-wait" is taught (greeting-basics/first-words) but no quiz question or role-play choice assesses it',
    ])
  })

  it('keeps the content version of a quiz that has no concept tags', () => {
    const valid = checkContent(loadFixture('test/fixtures/content-valid')).library
    const files = loadFixture()
    files.set(QUIZ, files.get(QUIZ)!.replace('    concepts: [greet-first]\n', ''))
    files.delete('concepts.yml')
    files.set(LESSON, files.get(LESSON)!.replace('concepts: [greet-first, acknowledge-the-wait]\n', ''))
    files.set(SCENARIO, files.get(SCENARIO)!.replace(', concepts: [acknowledge-the-wait]', ''))
    const untagged = checkContent(files).library
    expect(untagged.quizzes.get('greeting-basics-quiz')!.version).toBe(valid.quizzes.get('greeting-basics-quiz')!.version)
    expect(untagged.scenarios.get('greeting-counter-personal')!.version).toBe(valid.scenarios.get('greeting-counter-personal')!.version)
  })

  describe('scripts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-coverage-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))
    const run = (script: string) => {
      try {
        return { code: 0, out: execFileSync(process.execPath, [script, dir], { encoding: 'utf8', stdio: 'pipe' }) }
      }
      catch (error) {
        const e = error as { status: number, stderr: string }
        return { code: e.status, out: e.stderr }
      }
    }

    it('content:check fails on a stale table until content:coverage rewrites it', () => {
      cpSync(FIXTURE, dir, { recursive: true })
      const readme = join(dir, 'README.md')
      writeFileSync(readme, readFileSync(readme, 'utf8').replace(/coverage:start[^>]*-->[\s\S]*<!-- coverage:end/, m => `${m.slice(0, m.indexOf('-->') + 3)}\nold table\n<!-- coverage:end`))
      const stale = run('scripts/content-check.ts')
      expect(stale.code).toBe(1)
      expect(stale.out).toContain('README.md: coverage: the coverage table is out of date: run npm run content:coverage')
      expect(run('scripts/content-coverage.ts').code).toBe(0)
      expect(readFileSync(readme, 'utf8')).toContain('| Greet the customer before they speak (`greet-first`) | greeting-basics/first-words | greeting-basics q1 | — |')
      expect(run('scripts/content-check.ts')).toEqual({ code: 0, out: expect.stringContaining('content OK') })
    }, 60_000)
  })
})
