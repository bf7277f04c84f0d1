import MiniSearch from 'minisearch'
import type { SearchHit, SearchResults, SnippetPart } from '#shared/types/search'
import type { ContentLibrary } from './content-library'

// Search across what every reader of the courses may read: course titles and descriptions,
// and the published lessons cut into sections at their headings. Nothing else is indexed:
// quizzes, scenarios and paths (their answer keys and scores) never enter the index, so no
// search can return a word of them.

/** A lesson section as @nuxt/content's `queryCollectionSearchSections` gives it. */
export interface LessonSection { id: string, title: string, titles: string[], content: string, level: number }

interface SearchDoc {
  id: string
  kind: 'lesson' | 'course'
  course: { slug: string, title: string }
  lesson: { slug: string, title: string } | null
  /** The section's anchor on the lesson page and its heading; null at the top of a lesson. */
  section: { id: string, heading: string } | null
  /** What is searched as a title: the course's, the lesson's or the section's heading. */
  title: string
  content: string
}

export interface SearchIndex { search: MiniSearch<SearchDoc>, docs: Map<string, SearchDoc> }

/** How many hits one search returns at most. */
export const SEARCH_LIMIT = 20
const SNIPPET_LENGTH = 200
const SNIPPET_LEAD = 60

// Words that would match every section; a search made only of them finds nothing.
const STOP_WORDS = new Set(['a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'how', 'i', 'in', 'is', 'it', 'of', 'on', 'or', 'the', 'to', 'what', 'with', 'you', 'your'])
const processTerm = (term: string) => {
  const word = term.toLowerCase()
  return STOP_WORDS.has(word) ? null : word
}

/**
 * Builds the index from the library (which courses and lessons are published, their titles
 * and addresses) and the lessons' sections. A section of a file the library does not list
 * (one the content checker refused) is left out.
 */
export function buildSearchIndex(library: ContentLibrary, sections: LessonSection[]): SearchIndex {
  const docs = new Map<string, SearchDoc>()
  for (const course of library.courses.values()) {
    docs.set(`course:${course.slug}`, {
      id: `course:${course.slug}`,
      kind: 'course',
      course: { slug: course.slug, title: course.title },
      lesson: null,
      section: null,
      title: course.title,
      content: course.description,
    })
  }
  const lessons = new Map(library.lessons.map(l => [l.path, l]))
  for (const section of sections) {
    const [path = '', anchor] = section.id.split('#')
    const lesson = lessons.get(path)
    const course = lesson && library.courses.get(lesson.course)
    if (!lesson || !course) continue
    // The top of a lesson: its description and the text before the first heading, with its objectives.
    const top = anchor === undefined
    // Each objective read as a sentence of its own in a snippet.
    const content = top ? [section.content, ...lesson.objectives].map(t => t.trim().replace(/(?<![.!?:])$/, '.')).join(' ') : section.content
    if (!top && !section.title && !content) continue
    const id = `lesson:${section.id}`
    docs.set(id, {
      id,
      kind: 'lesson',
      course: { slug: course.slug, title: course.title },
      lesson: { slug: lesson.slug, title: lesson.title },
      section: top ? null : { id: anchor, heading: section.title },
      title: top ? lesson.title : section.title,
      content,
    })
  }
  const search = new MiniSearch<SearchDoc>({ fields: ['title', 'content'], processTerm })
  search.addAll([...docs.values()])
  return { search, docs }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** `text` cut into runs, the whole words among `terms` (any case) marked. */
export function markTerms(text: string, terms: string[]): SnippetPart[] {
  if (!terms.length || !text) return text ? [{ text, match: false }] : []
  const words = [...terms].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words})(?![\\p{L}\\p{N}])`, 'giu')
  const parts: SnippetPart[] = []
  let at = 0
  for (const found of text.matchAll(pattern)) {
    if (found.index > at) parts.push({ text: text.slice(at, found.index), match: false })
    parts.push({ text: found[0], match: true })
    at = found.index + found[0].length
  }
  if (at < text.length) parts.push({ text: text.slice(at), match: false })
  return parts
}

/** About SNIPPET_LENGTH characters of `content` around its first matching word, cut at spaces. */
export function snippet(content: string, terms: string[]): SnippetPart[] {
  const text = content.replace(/\s+/g, ' ').trim()
  const parts = markTerms(text, terms)
  const first = parts.findIndex(p => p.match)
  const offset = first < 0 ? 0 : parts.slice(0, first).reduce((n, p) => n + p.text.length, 0)
  let start = Math.max(0, offset - SNIPPET_LEAD)
  if (start > 0) start = text.indexOf(' ', start) + 1 || start
  let end = Math.min(text.length, start + SNIPPET_LENGTH)
  if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end
  const cut = `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`
  return markTerms(cut, terms)
}

function hit(doc: SearchDoc, terms: string[]): SearchHit {
  const href = doc.lesson
    ? `/courses/${doc.course.slug}/${doc.lesson.slug}${doc.section ? `#${doc.section.id}` : ''}`
    : `/courses/${doc.course.slug}`
  return {
    kind: doc.kind,
    href,
    course: doc.course,
    lesson: doc.lesson,
    section: doc.section ? { id: doc.section.id, heading: markTerms(doc.section.heading, terms) } : null,
    snippet: snippet(doc.content, terms),
  }
}

/**
 * The best hits for `query`: every word must match (a word of three letters or more also as the
 * start of a longer one, "complain" finds "complaints"; one of five or more also with a
 * typo), a match in a title counts three times one in the text.
 */
export function searchIndex(index: SearchIndex, query: string): SearchResults {
  const results = index.search.search(query, {
    combineWith: 'AND',
    boost: { title: 3 },
    prefix: term => term.length >= 3,
    fuzzy: term => (term.length >= 5 ? 0.2 : false),
  })
  return {
    query,
    total: results.length,
    hits: results.slice(0, SEARCH_LIMIT).map(r => hit(index.docs.get(r.id)!, r.terms)),
  }
}
