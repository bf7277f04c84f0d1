import type { ConceptEntry } from '../../../shared/schemas/content.ts'
import type { ContentLibrary } from './content-library.ts'

// Which lesson teaches each concept of content/concepts.yml, and which quiz questions and
// role-play choices assess it. One pure module: the checker's rule "a concept that is taught
// is assessed" and the coverage table in content/README.md both read it.

export interface ConceptCoverage {
  concept: ConceptEntry
  lessons: { course: string, slug: string, title: string }[]
  questions: { quiz: string, question: string }[]
  choices: { scenario: string, node: string, choice: string }[]
}

export function conceptCoverage(library: ContentLibrary): ConceptCoverage[] {
  const rows = new Map(library.concepts.entries.map(concept => [concept.id, { concept, lessons: [], questions: [], choices: [] } as ConceptCoverage]))
  for (const lesson of library.lessons) {
    for (const id of lesson.concepts ?? []) rows.get(id)?.lessons.push({ course: lesson.course, slug: lesson.slug, title: lesson.title })
  }
  for (const { definition: quiz } of library.quizzes.values()) {
    for (const question of quiz.questions) {
      for (const id of question.concepts ?? []) rows.get(id)?.questions.push({ quiz: quiz.id, question: question.id })
    }
  }
  for (const { definition: scenario } of library.scenarios.values()) {
    for (const [node, { choices }] of Object.entries(scenario.nodes)) {
      for (const choice of choices) {
        for (const id of choice.concepts ?? []) rows.get(id)?.choices.push({ scenario: scenario.id, node, choice: choice.id })
      }
    }
  }
  return [...rows.values()]
}

type Report = (file: string, field: string, message: string) => void

/** Unknown concept ids, concepts no lesson teaches, and taught concepts nothing assesses. */
export function checkConcepts(library: ContentLibrary, error: Report) {
  const known = new Set(library.concepts.entries.map(c => c.id))
  const unknown = (file: string, field: string, ids: string[] | undefined) => {
    for (const id of ids ?? []) {
      if (!known.has(id)) error(file, field, `names concept "${id}", which is not in concepts.yml`)
    }
  }
  for (const lesson of library.lessons) unknown(lesson.file, 'concepts', lesson.concepts)
  for (const { definition: quiz, file } of library.quizzes.values()) {
    quiz.questions.forEach((q, i) => unknown(file, `questions.${i}.concepts`, q.concepts))
  }
  for (const { definition: scenario, file } of library.scenarios.values()) {
    for (const [node, { choices }] of Object.entries(scenario.nodes)) {
      choices.forEach((c, i) => unknown(file, `nodes.${node}.choices.${i}.concepts`, c.concepts))
    }
  }
  conceptCoverage(library).forEach((row, i) => {
    const at = `concepts.${i}`
    if (row.lessons.length === 0) {
      error(library.concepts.file, at, `"${row.concept.id}" is taught by no lesson: tag the lesson that teaches it, or remove the concept`)
    }
    else if (row.questions.length === 0 && row.choices.length === 0) {
      const where = row.lessons.map(l => `${l.course}/${l.slug}`).join(', ')
      error(library.concepts.file, at, `"${row.concept.id}" is taught (${where}) but no quiz question or role-play choice assesses it`)
    }
  })
}

const cell = (items: string[]) => items.length ? items.join(', ') : '—'

/** The coverage table as Markdown, grouped as in concepts.yml. */
export function coverageTable(library: ContentLibrary): string {
  const rows = conceptCoverage(library)
  const lines = [
    '| Concept | Lesson | Quiz questions | Role-play choices |',
    '| --- | --- | --- | --- |',
  ]
  let group = ''
  for (const { concept, lessons, questions, choices } of rows) {
    if (concept.group !== group) {
      group = concept.group
      lines.push(`| **${group}** | | | |`)
    }
    lines.push(`| ${concept.title} (\`${concept.id}\`) | ${cell(lessons.map(l => `${l.course}/${l.slug}`))} | ${cell(questions.map(q => `${q.quiz.replace(/-quiz$/, '')} ${q.question}`))} | ${cell(choices.map(c => `${c.scenario} ${c.node}.${c.choice}`))} |`)
  }
  const taught = rows.filter(r => r.lessons.length).length
  const quizzed = rows.filter(r => r.questions.length).length
  const practised = rows.filter(r => r.choices.length).length
  lines.push('', `${rows.length} concepts: ${taught} taught, ${quizzed} assessed in a quiz, ${practised} practised in a role-play.`)
  return lines.join('\n')
}
