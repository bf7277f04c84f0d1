import { describe, expect, it } from 'vitest'
import { loadContent } from '../../scripts/content-files'
import { buildSearchIndex, markTerms, searchIndex, snippet, SEARCH_LIMIT, type LessonSection } from '../../server/domain/content/search-index'

// The index over the real library, with sections written here the way
// @nuxt/content's queryCollectionSearchSections cuts a lesson (the top, then one per heading).
const { library } = loadContent()
const lessonPath = (course: string, slug: string) => library.lessons.find(l => l.course === course && l.slug === slug)!.path
const PHRASES = lessonPath('handling-complaints', 'empathy-phrase-bank')
const CARE = lessonPath('handling-complaints', 'the-care-sequence')

const sections: LessonSection[] = [
  { id: PHRASES, title: 'A phrase bank for empathy', titles: [], level: 1, content: 'Short, sincere lines for acknowledging how a customer feels.' },
  { id: `${PHRASES}#what-makes-a-phrase-work`, title: 'What makes a phrase work', titles: ['A phrase bank for empathy'], level: 2, content: 'A good empathy statement names the specific problem, names the effect on this customer and leads into action.' },
  { id: `${PHRASES}#by-channel`, title: 'By channel', titles: ['A phrase bank for empathy'], level: 2, content: `On the phone your voice carries it. ${'Filler words about nothing in particular. '.repeat(12)}In writing, a kettle that arrived broken deserves a line naming the kettle.` },
  { id: CARE, title: 'The CARE sequence', titles: [], level: 1, content: 'Four steps for any complaint.' },
  { id: `${CARE}#why-this-order`, title: 'Why this order', titles: ['The CARE sequence'], level: 2, content: 'An interrupted customer stops listening, so calm comes before acknowledging; empathy comes before any fix.' },
  // A file the library does not list (refused by the checker, or not a lesson at all).
  { id: '/lessons/handling-complaints/99-draft#secret', title: 'Unpublished kettle draft', titles: [], level: 2, content: 'A kettle paragraph nobody may find yet.' },
]
const index = buildSearchIndex(library, sections)

describe('content search', () => {
  it('opens a lesson at the section whose heading matched', () => {
    const { hits } = searchIndex(index, 'phrase work')
    expect(hits[0]).toMatchObject({
      kind: 'lesson',
      href: '/courses/handling-complaints/empathy-phrase-bank#what-makes-a-phrase-work',
      course: { slug: 'handling-complaints', title: 'Handling complaints' },
      lesson: { slug: 'empathy-phrase-bank', title: 'A phrase bank for empathy' },
      section: { id: 'what-makes-a-phrase-work' },
    })
    expect(hits[0]!.section!.heading.filter(p => p.match).map(p => p.text)).toEqual(['phrase', 'work'])
  })

  it('ranks a match in a title above the same word in the text', () => {
    const hits = searchIndex(index, 'empathy').hits.map(h => h.href)
    const title = hits.indexOf('/courses/handling-complaints/empathy-phrase-bank')
    const text = hits.indexOf('/courses/handling-complaints/the-care-sequence#why-this-order')
    expect(title).toBeGreaterThanOrEqual(0)
    expect(text).toBeGreaterThan(title)
  })

  it('needs every word, finds words by their start, forgives a typo in a long one, and ignores case', () => {
    expect(searchIndex(index, 'kettle phone').hits.map(h => h.href)).toEqual(['/courses/handling-complaints/empathy-phrase-bank#by-channel'])
    expect(searchIndex(index, 'kettle pizza').total).toBe(0)
    expect(searchIndex(index, 'interrupt').hits.map(h => h.href)).toContain('/courses/handling-complaints/the-care-sequence#why-this-order')
    expect(searchIndex(index, 'INTERUPTED').hits.map(h => h.href)).toContain('/courses/handling-complaints/the-care-sequence#why-this-order')
  })

  it('finds courses by their title and description, linking to the course page', () => {
    const course = library.courses.get('handling-complaints')!
    const hit = searchIndex(index, course.title).hits.find(h => h.kind === 'course')
    expect(hit).toMatchObject({ href: '/courses/handling-complaints', lesson: null, section: null })
  })

  it('never returns a section of a file the library does not list', () => {
    const { hits } = searchIndex(index, 'kettle')
    expect(hits.length).toBeGreaterThan(0)
    expect(hits.map(h => h.href).join(' ')).not.toMatch(/draft|secret/)
    expect(searchIndex(index, 'unpublished').total).toBe(0)
  })

  it('finds nothing for words that are in every text', () => {
    expect(searchIndex(index, 'the and of').total).toBe(0)
  })

  it('returns at most SEARCH_LIMIT hits and counts them all', () => {
    const many: LessonSection[] = library.lessons.map(l => ({ id: `${l.path}#common`, title: 'Common ground', titles: [], level: 2, content: 'customer' }))
    const result = searchIndex(buildSearchIndex(library, many), 'customer')
    expect(result.total).toBeGreaterThan(SEARCH_LIMIT)
    expect(result.hits).toHaveLength(SEARCH_LIMIT)
  })
})

describe('search snippets', () => {
  it('marks whole words only, in any case', () => {
    expect(markTerms('Care and caring: CARE.', ['care'])).toEqual([
      { text: 'Care', match: true },
      { text: ' and caring: ', match: false },
      { text: 'CARE', match: true },
      { text: '.', match: false },
    ])
  })

  it('cuts long text around the first match, at spaces, with ellipses', () => {
    const parts = snippet(`${'word '.repeat(100)}the kettle arrived broken ${'more '.repeat(100)}`, ['kettle'])
    const text = parts.map(p => p.text).join('')
    expect(text.startsWith('…')).toBe(true)
    expect(text.endsWith('…')).toBe(true)
    expect(text.length).toBeLessThanOrEqual(203)
    expect(parts.filter(p => p.match)).toEqual([{ text: 'kettle', match: true }])
    expect(text).not.toMatch(/…\S*wor(?!d)/)
  })

  it('starts at the beginning when the match is near it, or only in the title', () => {
    expect(snippet('Short text.', ['absent'])).toEqual([{ text: 'Short text.', match: false }])
  })
})
