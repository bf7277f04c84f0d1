import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchResults } from '../../shared/types/search'
import { createPeople, signIn, type SignedIn } from '../support/accounts'
import { startServer, type TestServer } from '../support/server'

// Search through HTTP over the built content: what it finds, where its links lead, and
// that no word only quizzes or role-plays hold (their answer keys) ever comes back.

const read = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter(f => f.isFile()).map(f => readFileSync(join(f.parentPath, f.name), 'utf8')).join('\n').toLowerCase()
const words = (text: string) => new Set(text.match(/[a-z]+/g))

const readable = `${read('content/lessons')}\n${read('content/courses')}`
const secret = `${read('content/quizzes')}\n${read('content/scenarios')}\n${read('content/paths')}`
// Long words that quizzes, role-plays or paths use and no lesson or course does.
const readableWords = words(readable)
const SECRET_WORDS = [...words(secret)].filter(w => w.length >= 9 && !readableWords.has(w)).sort().slice(0, 40)
const hitText = (r: SearchResults) => JSON.stringify(r.hits.map(h => [h.course.title, h.lesson?.title, h.section?.heading, h.snippet])).toLowerCase()

describe('search across courses and lessons', () => {
  let server: TestServer
  let learner: SignedIn

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, [{ email: 'finder@search.test', role: 'staff' }])
    learner = await signIn(server, 'finder@search.test')
  })
  afterAll(async () => {
    await server?.stop()
  })

  const search = (q: string) => learner.json<SearchResults>(`/api/search?q=${encodeURIComponent(q)}`)

  it('finds a lesson by its title and a section by its heading, with the match marked', async () => {
    const { status, body } = await search('phrase bank')
    expect(status).toBe(200)
    expect(body.hits[0]).toMatchObject({
      kind: 'lesson',
      href: '/courses/handling-complaints/empathy-phrase-bank',
      course: { slug: 'handling-complaints', title: 'Handling complaints' },
      lesson: { slug: 'empathy-phrase-bank', title: 'A phrase bank for empathy' },
    })
    const section = (await search('what makes a phrase work')).body.hits[0]!
    expect(section.href).toBe('/courses/handling-complaints/empathy-phrase-bank#what-makes-a-phrase-work')
    expect(section.section!.heading.filter(p => p.match).map(p => p.text.toLowerCase())).toEqual(expect.arrayContaining(['phrase', 'work']))
    expect(section.snippet.map(p => p.text).join('').length).toBeGreaterThan(20)
  })

  it('links each section to an anchor the lesson page has', async () => {
    const { body } = await search('escalate')
    const sections = body.hits.filter(h => h.section)
    expect(sections.length).toBeGreaterThan(0)
    for (const hit of sections.slice(0, 5)) {
      const lesson = await learner.json<{ lesson: { body: { toc: { links: { id: string, children?: { id: string }[] }[] } } } }>(`/api/courses/${hit.course.slug}/lessons/${hit.lesson!.slug}`)
      const anchors = lesson.body.lesson.body.toc.links.flatMap(l => [l.id, ...(l.children ?? []).map(c => c.id)])
      expect(anchors, hit.href).toContain(hit.section!.id)
    }
    // Every hit's snippet marks a word of the search, or its heading does.
    for (const hit of body.hits) {
      const marked = [...hit.snippet, ...(hit.section?.heading ?? [])].filter(p => p.match)
      expect(marked.length, hit.href).toBeGreaterThan(0)
    }
  })

  it('never returns a word that only quizzes, role-plays or paths hold', async () => {
    // The phrase is in a quiz question and a role-play, and in no lesson or course.
    expect(secret).toContain('bookcase')
    expect(readable).not.toContain('bookcase')
    expect((await search('bookcase')).body.total).toBe(0)
    expect((await search('shelf pegs')).body.total).toBe(0)
    expect(SECRET_WORDS.length).toBeGreaterThan(20)
    for (const word of SECRET_WORDS) {
      const { status, body } = await search(word)
      expect(status).toBe(200)
      // Prefix and typo matching may find other words ("according" finds "accordingly"), never this one.
      expect([...words(hitText(body))], `a search for "${word}"`).not.toContain(word)
    }
  })

  it('answers a search too short to run with a 400 naming the field, and nothing with no matches', async () => {
    const short = await learner.json<{ statusMessage: string }>('/api/search?q=a')
    expect(short.status).toBe(400)
    expect(short.body.statusMessage).toContain('q: type at least 2 characters')
    const none = await search('zzyzx qwerty')
    expect(none.body).toEqual({ query: 'zzyzx qwerty', total: 0, hits: [] })
  })

  it('is for signed-in readers only', async () => {
    const res = await fetch(`${server.url}/api/search?q=empathy`)
    expect(res.status).toBe(401)
    const page = await fetch(`${server.url}/search?q=empathy`, { redirect: 'manual' })
    expect(page.status).toBe(302)
    expect(page.headers.get('location')).toMatch(/^\/sign-in\?redirect=/)
  })
})

describe('search when the courses are open to everyone', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startServer({ env: { NUXT_PUBLIC_CONTENT_REQUIRES_SIGN_IN: 'false' } })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('serves a signed-out visitor the search page and its results, as it serves the courses', async () => {
    const api = await fetch(`${server.url}/api/search?q=phrase%20bank`)
    expect(api.status).toBe(200)
    expect(((await api.json()) as SearchResults).total).toBeGreaterThan(0)
    const page = await fetch(`${server.url}/search?q=phrase%20bank`, { redirect: 'manual' })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('1 result for “phrase bank”')
    expect(html).toMatch(/<mark[^>]*>phrases<\/mark>/)
  })
})
