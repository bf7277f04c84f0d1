import { createHash } from 'node:crypto'
import { parse as parseYaml } from 'yaml'
import type { z } from 'zod'
import {
  ConceptList, CourseMeta, LearningPath, LessonMeta, QuizDefinition, ScenarioDefinition, WrittenLexicon,
  type ConceptEntry, type Skill,
} from '../../../shared/schemas/content.ts'
import { checkWrittenNodes } from '../scenario/written-authoring.ts'
import {
  libraryLongestShare, quizValidity, scenarioValidity,
  type Finding, type QuizValidity, type ScenarioValidity, type Severity,
} from './content-validity.ts'
import { checkConcepts } from './concept-coverage.ts'

// Parses and cross-checks everything under content/. Pure: it takes file texts and
// returns the library plus one error per problem, so the CLI checker
// (scripts/content-check.ts), the server loader and the trainer workspace agree.

/** A problem in a file; a warning is shown and printed but does not fail the check. */
export interface ContentError { file: string, field: string, message: string, severity?: 'warning' }

/** What the validity check found per quiz and scenario (by id), for the trainer overview. */
export interface ContentValidity { quizzes: Map<string, QuizValidity>, scenarios: Map<string, ScenarioValidity> }

/** Scenario validity findings (test-wise strategies, random clicking, the pass rule) fail the check. */
export const SCENARIO_VALIDITY_SEVERITY: Severity = 'error'

export interface LessonEntry extends LessonMeta { file: string, slug: string, path: string }
export interface Versioned<T> { definition: T, version: string, file: string }

export interface ContentLibrary {
  courses: Map<string, CourseMeta & { file: string }>
  lessons: LessonEntry[]
  quizzes: Map<string, Versioned<QuizDefinition>>
  scenarios: Map<string, Versioned<ScenarioDefinition>>
  paths: Map<string, Versioned<LearningPath>>
  /** content/concepts.yml, with the file it came from (empty when there is none). */
  concepts: { file: string, entries: ConceptEntry[] }
  /** content/written-pitfalls.yml: the pitfalls and word groups written nodes check against. */
  written: { file: string, lexicon: WrittenLexicon }
}

export const formatContentError = (e: ContentError) => `${e.file}: ${e.field || '(file)'}: ${e.severity === 'warning' ? 'warning: ' : ''}${e.message}`
export const isBlocking = (e: ContentError) => e.severity !== 'warning'

/** A short, stable hash of a definition: results are tied to the version taken. */
export function contentVersion(definition: unknown): string {
  return createHash('sha256').update(stableJson(definition)).digest('hex').slice(0, 12)
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map(k => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

function splitFrontmatter(text: string): { data: unknown, body: string } | undefined {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text)
  if (!match) return undefined
  return { data: parseYaml(match[1]!), body: match[2]! }
}

const baseName = (file: string) => file.split('/').pop()!.replace(/\.(ya?ml|md)$/, '')

/**
 * `files` maps paths relative to the content folder (`quizzes/x.yml`) to their text;
 * errors name files as `<root>/<path>`.
 */
export function checkContent(files: Map<string, string>, root = 'content'): { library: ContentLibrary, errors: ContentError[], validity: ContentValidity } {
  const errors: ContentError[] = []
  const error = (file: string, field: string, message: string) => errors.push({ file, field, message })
  const library: ContentLibrary = { courses: new Map(), lessons: [], quizzes: new Map(), scenarios: new Map(), paths: new Map(),
    concepts: { file: `${root}/concepts.yml`, entries: [] },
    written: { file: `${root}/written-pitfalls.yml`, lexicon: { words: {}, pitfalls: [] } },
  }

  // Files that exist but failed to parse: references to them are not reported again.
  const unparsed = new Set<string>()
  function parseWith<S extends z.ZodType>(schema: S, file: string, data: unknown): z.infer<S> | undefined {
    const result = schema.safeParse(data)
    if (result.success) return result.data
    for (const issue of result.error.issues) error(file, issue.path.join('.'), issue.message)
    unparsed.add(`${file.split('/').at(-2)}/${baseName(file)}`)
    return undefined
  }

  function readYaml(file: string, text: string): unknown {
    try {
      return parseYaml(text)
    }
    catch (e) {
      error(file, '', `not valid YAML: ${(e as Error).message.split('\n')[0]}`)
      return undefined
    }
  }

  const idFromFile = (file: string, id: string, kind: string) => {
    if (id !== baseName(file)) error(file, 'id', `the ${kind} id "${id}" must match the file name "${baseName(file)}"`)
  }

  for (const [relative, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const file = `${root}/${relative}`
    const [folder] = relative.split('/')
    if (relative === 'concepts.yml') {
      const list = parseWith(ConceptList, file, readYaml(file, text))
      if (!list) continue
      for (const id of duplicates(list.concepts.map(c => c.id))) error(file, 'concepts', `duplicate concept id "${id}"`)
      library.concepts = { file, entries: list.concepts }
    }
    else if (relative === 'written-pitfalls.yml') {
      const lexicon = parseWith(WrittenLexicon, file, readYaml(file, text))
      if (!lexicon) continue
      for (const id of duplicates(lexicon.pitfalls.map(p => p.id))) error(file, 'pitfalls', `duplicate pitfall id "${id}"`)
      library.written = { file, lexicon }
    }
    else if (folder === 'courses' && /\.ya?ml$/.test(file)) {
      const course = parseWith(CourseMeta.strict(), file, readYaml(file, text))
      if (!course) continue
      if (course.slug !== baseName(file)) error(file, 'slug', `the course slug "${course.slug}" must match the file name "${baseName(file)}"`)
      if (library.courses.has(course.slug)) error(file, 'slug', `duplicate course slug "${course.slug}"`)
      library.courses.set(course.slug, { ...course, file })
    }
    else if (folder === 'lessons' && file.endsWith('.md')) {
      const parts = splitFrontmatter(text)
      if (!parts) {
        error(file, '', 'a lesson starts with YAML frontmatter between two --- lines')
        continue
      }
      const lesson = parseWith(LessonMeta.strict(), file, parts.data)
      if (!lesson) continue
      const route = relative.replace(/\.md$/, '')
      const segments = route.split('/')
      if (segments.length !== 3 || segments[1] !== lesson.course) {
        error(file, 'course', `a lesson of course "${lesson.course}" belongs in content/lessons/${lesson.course}/`)
      }
      if (parts.body.trim().length < 200) error(file, 'body', 'the lesson text is missing or shorter than 200 characters')
      // URLs drop the ordering prefix: lessons/soft-skills/02-empathy.md → /courses/soft-skills/empathy
      library.lessons.push({ ...lesson, file, slug: segments.at(-1)!.replace(/^\d+-/, ''), path: `/${route}` })
    }
    else if (folder === 'quizzes' && /\.ya?ml$/.test(file)) {
      const quiz = parseWith(QuizDefinition, file, readYaml(file, text))
      if (!quiz) continue
      idFromFile(file, quiz.id, 'quiz')
      checkQuiz(quiz, file, error)
      library.quizzes.set(quiz.id, { definition: quiz, version: contentVersion(quiz), file })
    }
    else if (folder === 'scenarios' && /\.ya?ml$/.test(file)) {
      const scenario = parseWith(ScenarioDefinition, file, readYaml(file, text))
      if (!scenario) continue
      idFromFile(file, scenario.id, 'scenario')
      checkScenario(scenario, file, error)
      library.scenarios.set(scenario.id, { definition: scenario, version: contentVersion(scenario), file })
    }
    else if (folder === 'paths' && /\.ya?ml$/.test(file)) {
      const path = parseWith(LearningPath, file, readYaml(file, text))
      if (!path) continue
      idFromFile(file, path.id, 'path')
      library.paths.set(path.id, { definition: path, version: contentVersion(path), file })
    }
  }

  checkReferences(library, (file, field, message) => {
    const missing = /^names (course|quiz|scenario) "([^"]+)"/.exec(message)
    const folder = { course: 'courses', quiz: 'quizzes', scenario: 'scenarios' }[missing?.[1] ?? ''] ?? ''
    if (missing && unparsed.has(`${folder}/${missing[2]}`)) return
    error(file, field, message)
  })
  library.lessons.sort((a, b) => a.course.localeCompare(b.course) || a.order - b.order)
  checkWrittenNodes(library, error)
  const validity = checkValidity(library, errors, root)
  checkConcepts(library, error)
  return { library, errors, validity }
}

/** Test-wise strategies against every quiz and scenario (content-validity.ts). */
function checkValidity(library: ContentLibrary, errors: ContentError[], root: string): ContentValidity {
  const validity: ContentValidity = { quizzes: new Map(), scenarios: new Map() }
  const note = (file: string, f: Finding, severity: Severity = f.severity) => {
    errors.push({ file, field: f.field, message: f.message, ...(severity === 'warning' ? { severity } : {}) })
  }
  const broken = (file: string) => errors.some(e => e.file === file)
  for (const { definition, file } of library.quizzes.values()) {
    if (broken(file)) continue
    const found = quizValidity(definition)
    validity.quizzes.set(definition.id, found)
    for (const f of found.findings) note(file, f)
  }
  const library_ = libraryLongestShare([...library.quizzes.values()].map(q => q.definition))
  if (library_) note(`${root}/quizzes`, library_)
  for (const { definition, file } of library.scenarios.values()) {
    // A file with problems (a dangling next, a loop, an unreachable node) is not played.
    if (broken(file)) continue
    const found = scenarioValidity(definition)
    validity.scenarios.set(definition.id, found)
    for (const f of found.findings) note(file, f, f.severity === 'error' ? SCENARIO_VALIDITY_SEVERITY : f.severity)
  }
  return validity
}

type Report = (file: string, field: string, message: string) => void

function duplicates(ids: string[]): string[] {
  return ids.filter((id, i) => ids.indexOf(id) !== i)
}

function checkQuiz(quiz: QuizDefinition, file: string, error: Report) {
  for (const id of duplicates(quiz.questions.map(q => q.id))) error(file, 'questions', `duplicate question id "${id}"`)
  if (quiz.poolSize && quiz.poolSize > quiz.questions.length) {
    error(file, 'poolSize', `draws ${quiz.poolSize} questions but the quiz has only ${quiz.questions.length}`)
  }
  quiz.questions.forEach((q, i) => {
    const at = `questions.${i}`
    if (q.type === 'single' || q.type === 'multiple') {
      for (const id of duplicates(q.options.map(o => o.id))) error(file, `${at}.options`, `duplicate option id "${id}"`)
      const correct = q.options.filter(o => o.correct).length
      if (q.type === 'single' && correct !== 1) error(file, `${at}.options`, `a single-choice question needs exactly one correct option, found ${correct}`)
      if (q.type === 'multiple' && correct < 1) error(file, `${at}.options`, 'a multiple-response question needs at least one correct option')
      if (q.type === 'multiple' && correct === q.options.length) error(file, `${at}.options`, 'a multiple-response question needs at least one wrong option')
    }
    if (q.type === 'ordering') {
      for (const id of duplicates(q.items.map(o => o.id))) error(file, `${at}.items`, `duplicate item id "${id}"`)
    }
  })
}

function checkScenario(scenario: ScenarioDefinition, file: string, error: Report) {
  const nodes = scenario.nodes
  if (!nodes[scenario.start]) error(file, 'start', `the start node "${scenario.start}" does not exist`)
  for (const [id, node] of Object.entries(nodes)) {
    const at = `nodes.${id}`
    const isEnd = node.choices.length === 0
    if (isEnd && (!node.outcome || !node.result)) error(file, at, node.written ? 'a written node needs choices: the branches that follow the reply' : 'a node without choices is an end node and needs an outcome and a result')
    if (!isEnd && !node.customer) error(file, `${at}.customer`, 'a conversation node needs the customer\'s line')
    if (!isEnd && (node.outcome || node.result)) error(file, at, 'only end nodes (without choices) have an outcome or result')
    for (const dup of duplicates(node.choices.map(c => c.id))) error(file, `${at}.choices`, `duplicate choice id "${dup}"`)
    node.choices.forEach((choice, i) => {
      if (!nodes[choice.next]) error(file, `${at}.choices.${i}.next`, `goes to "${choice.next}", which is not a node`)
      for (const skill of Object.keys(choice.scores)) {
        if (!(skill in scenario.passThresholds)) error(file, `${at}.choices.${i}.scores.${skill}`, `scores "${skill}", which has no pass threshold`)
      }
    })
  }
  if (!nodes[scenario.start]) return

  // Depth-first walk from the start: finds loops and nodes no route reaches.
  const state = new Map<string, 'visiting' | 'done'>()
  let looped = false
  const walk = (id: string) => {
    if (state.get(id) === 'done') return
    if (state.get(id) === 'visiting') {
      looped = true
      error(file, `nodes.${id}`, 'is part of a loop: every route must end at an end node')
      return
    }
    state.set(id, 'visiting')
    for (const choice of nodes[id]?.choices ?? []) {
      if (nodes[choice.next]) walk(choice.next)
    }
    state.set(id, 'done')
  }
  walk(scenario.start)
  for (const id of Object.keys(nodes)) {
    if (!state.has(id)) error(file, `nodes.${id}`, `cannot be reached from the start node "${scenario.start}"`)
  }
  if (looped) return
  const best = scenarioMaxScores(scenario)
  for (const [skill, threshold] of Object.entries(scenario.passThresholds) as [Skill, number][]) {
    const max = best[skill] ?? 0
    if (max < threshold) error(file, `passThresholds.${skill}`, `needs ${threshold} but the best route scores only ${max}`)
  }
}

/** Highest total per skill any route through the scenario can reach. */
export function scenarioMaxScores(scenario: ScenarioDefinition): Partial<Record<Skill, number>> {
  const memo = new Map<string, Partial<Record<Skill, number>>>()
  const skills = Object.keys(scenario.passThresholds) as Skill[]
  const walk = (id: string): Partial<Record<Skill, number>> => {
    const cached = memo.get(id)
    if (cached) return cached
    const totals: Partial<Record<Skill, number>> = {}
    for (const choice of scenario.nodes[id]?.choices ?? []) {
      if (!scenario.nodes[choice.next]) continue
      const after = walk(choice.next)
      for (const skill of skills) totals[skill] = Math.max(totals[skill] ?? Number.NEGATIVE_INFINITY, (choice.scores[skill] ?? 0) + (after[skill] ?? 0))
    }
    memo.set(id, totals)
    return totals
  }
  return walk(scenario.start)
}

function checkReferences(library: ContentLibrary, error: Report) {
  for (const lesson of library.lessons) {
    if (!library.courses.has(lesson.course)) error(lesson.file, 'course', `names course "${lesson.course}", which does not exist`)
  }
  const byCourse = Map.groupBy(library.lessons, l => l.course)
  for (const [course, lessons] of byCourse) {
    // Reported on each lesson sharing the order, so an editor shows it on the file being edited.
    for (const order of new Set(duplicates(lessons.map(l => String(l.order))))) {
      for (const lesson of lessons.filter(l => String(l.order) === order)) error(lesson.file, 'order', `two lessons of course "${course}" have order ${order}`)
    }
  }
  for (const { definition, file } of [...library.quizzes.values(), ...library.scenarios.values()]) {
    if (!library.courses.has(definition.course)) error(file, 'course', `names course "${definition.course}", which does not exist`)
  }
  for (const { definition: path, file } of library.paths.values()) {
    path.requires.courses.forEach((slug, i) => {
      if (!library.courses.has(slug)) error(file, `requires.courses.${i}`, `names course "${slug}", which does not exist`)
      else if (!byCourse.has(slug)) error(file, `requires.courses.${i}`, `course "${slug}" has no lessons`)
    })
    path.requires.quizzes.forEach((id, i) => {
      if (!library.quizzes.has(id)) error(file, `requires.quizzes.${i}`, `names quiz "${id}", which does not exist`)
    })
    path.requires.scenarios.forEach((id, i) => {
      if (!library.scenarios.has(id)) error(file, `requires.scenarios.${i}`, `names scenario "${id}", which does not exist`)
    })
    const written = path.requires.scenarios.some(id => Object.values(library.scenarios.get(id)?.definition.nodes ?? {}).some(n => n.written))
    if (path.requireReviewedPass && !written) {
      error(file, 'requireReviewedPass', 'requires a reviewed pass, but none of its scenarios has a written reply to review; add one or remove the option')
    }
    const total = path.requires.courses.length + path.requires.quizzes.length + path.requires.scenarios.length
    if (total === 0) error(file, 'requires', 'a path must require at least one course, quiz or scenario')
    if (!path.audience.allStaff && path.audience.departments.length === 0 && path.audience.jobRoles.length === 0) {
      error(file, 'audience', 'say who the path is for: allStaff, departments or jobRoles')
    }
  }
}
