// What /api/search returns: lessons (at the section that matched) and courses.

/** A run of text; `match` marks the words that matched the search. */
export interface SnippetPart { text: string, match: boolean }

export interface SearchHit {
  kind: 'lesson' | 'course'
  /** Where the hit opens: `/courses/<course>` or `/courses/<course>/<lesson>#<section>`. */
  href: string
  course: { slug: string, title: string }
  lesson: { slug: string, title: string } | null
  /** The heading of the section that matched; null for a course or the top of a lesson. */
  section: { id: string, heading: SnippetPart[] } | null
  snippet: SnippetPart[]
}

export interface SearchResults {
  query: string
  /** How many hits there are in all; `hits` holds the best of them. */
  total: number
  hits: SearchHit[]
}
