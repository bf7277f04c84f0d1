import { createHash } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadContent } from '../../scripts/content-files'
import { createPeople, signIn, type SignedIn } from '../support/accounts'
import { startServer, type TestServer } from '../support/server'

// The security headers (nuxt-security, nuxt.config.ts) on every kind of page response: pages
// rendered per request, the shared lesson-page cache (first render and cached copy, in each
// encoding), error pages, and the subset every other response carries.

describe('security headers', () => {
  let server: TestServer
  const as: Record<string, SignedIn> = {}
  const lesson = loadContent().library.lessons[0]!
  const lessonPath = `/courses/${lesson.course}/${lesson.slug}`

  beforeAll(async () => {
    server = await startServer()
    const roles = ['staff', 'trainer', 'hr', 'admin'] as const
    await createPeople(server.databaseUri, roles.map(role => ({ email: `${role}@headers.test`, role })))
    for (const role of roles) as[role] = await signIn(server, `${role}@headers.test`)
  })
  afterAll(async () => {
    await server?.stop()
  })

  function expectPageHeaders(res: Response, html: string, what: string) {
    const csp = res.headers.get('content-security-policy') ?? ''
    const directives = new Map(csp.split(';').map(d => d.trim()).filter(Boolean).map((d) => {
      const [name, ...sources] = d.split(/\s+/)
      return [name!, sources]
    }))
    expect(directives.get('frame-ancestors'), what).toEqual(['\'none\''])
    expect(directives.get('default-src'), what).toEqual(['\'self\''])
    expect(directives.get('object-src'), what).toEqual(['\'none\''])
    expect(directives.get('base-uri'), what).toEqual(['\'none\''])
    const scripts = directives.get('script-src') ?? []
    expect(scripts, what).toContain('\'self\'')
    for (const loose of ['\'unsafe-inline\'', '\'unsafe-eval\'', 'https:', '*']) expect(scripts, what).not.toContain(loose)
    // Every inline script the page runs (not the JSON data block) is named by its hash.
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
      .filter(([, attributes, text]) => text && !/\bsrc=/.test(attributes!) && !/type="application\/json"/.test(attributes!))
    expect(inline.length, `${what}: inline scripts`).toBeGreaterThan(0)
    const hashes = inline.map(([, , text]) => `'sha256-${createHash('sha256').update(text!).digest('base64')}'`)
    for (const [i, [, , text]] of inline.entries()) {
      expect(scripts, `${what}: hash of ${text!.slice(0, 40)}`).toContain(hashes[i])
    }
    // ...and no other: the rules nuxt-security resolves are kept between requests
    // (server/utils/security-rules.ts), and one page's hashes must not reach another's policy.
    expect(scripts.filter(source => source.startsWith('\'sha256-')).sort(), `${what}: hashes named`).toEqual([...new Set(hashes)].sort())
    expect(res.headers.get('strict-transport-security'), what).toMatch(/^max-age=31536000\b/)
    expect(res.headers.get('referrer-policy'), what).toBe('same-origin')
    expect(res.headers.get('x-content-type-options'), what).toBe('nosniff')
    expect(res.headers.get('x-frame-options'), what).toBe('DENY')
    expect(res.headers.get('x-powered-by'), what).toBeNull()
  }

  it.each([
    ['staff', '/learn'],
    ['staff', '/courses'],
    ['staff', `/courses/${lesson.course}`],
    ['staff', '/account'],
    ['trainer', '/trainer'],
    ['trainer', '/trainer?edit'],
    ['hr', '/hr'],
    ['hr', '/hr/lists'],
    ['admin', '/admin/users'],
    ['admin', '/admin/audit'],
  ])('sends them on %s\'s page %s', async (role, path) => {
    const res = await as[role]!.fetch(path)
    expect(res.status).toBe(200)
    expectPageHeaders(res, await res.text(), path)
  })

  it('sends them on the pages anyone may open, and on a page that is not there', async () => {
    for (const [path, fetcher] of [['/', server], ['/sign-in', server], ['/verify/not-a-certificate', server], ['/no-such-page', as.staff!]] as const) {
      const res = await fetcher.fetch(path, { headers: { accept: 'text/html' } })
      expect(res.status, path).toBe(path === '/' || path === '/sign-in' ? 200 : 404)
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/)
      expectPageHeaders(res, await res.text(), path)
    }
  })

  it('sends them with a lesson page, rendered and then from the shared cache, in each encoding', async () => {
    const policies = new Set<string>()
    for (const encoding of ['identity', 'identity', 'br', 'gzip']) {
      const res = await as.staff!.fetch(lessonPath, { headers: { 'accept-encoding': encoding } })
      expect(res.status).toBe(200)
      // fetch decodes br and gzip, so the text is the HTML the header must match.
      expectPageHeaders(res, await res.text(), `${lessonPath} (${encoding})`)
      policies.add(res.headers.get('content-security-policy')!)
    }
    expect(policies.size).toBe(1)
  })

  it('sends the subset that applies to every resource on API answers and assets, and never x-powered-by', async () => {
    const asset = `/_nuxt/${readdirSync('.output/public/_nuxt').find(f => f.endsWith('.js'))}`
    for (const path of ['/api/health', '/api/me', asset]) {
      const res = await as.staff!.fetch(path)
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('x-frame-options'), path).toBe('DENY')
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin')
      expect(res.headers.get('x-powered-by'), path).toBeNull()
    }
  })
})
