import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, signIn, type SignedIn } from '../support/accounts'
import { library } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

// State-changing requests must show they come from the app's own pages
// (server/middleware/01.request-origin.ts): Origin naming this host, or, when a request that
// carries the session cookie has no Origin, a browser's Sec-Fetch-Site: same-origin.

describe('the origin of state-changing requests', () => {
  let server: TestServer
  let learner: SignedIn
  const lesson = library.lessons[0]!
  const open = `/api/courses/${lesson.course}/lessons/${lesson.slug}/open`

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, [{ email: 'lee@origin.test', role: 'staff' }])
    learner = await signIn(server, 'lee@origin.test')
  })
  afterAll(async () => {
    await server?.stop()
  })

  /** POSTs with the session cookie and exactly the headers given (no Origin unless named). */
  const post = (headers: Record<string, string>) => server.fetch(open, { method: 'POST', headers: { cookie: learner.cookie, ...headers } })

  it('refuses a cookie-authenticated request without Origin or Sec-Fetch-Site', async () => {
    const res = await post({})
    expect(res.status).toBe(403)
    expect((await res.json()).statusMessage).toMatch(/Origin/)
  })

  it('accepts one without Origin that the browser marks same-origin', async () => {
    expect((await post({ 'sec-fetch-site': 'same-origin' })).status).toBe(200)
  })

  it('accepts one whose Origin is the app', async () => {
    expect((await post({ origin: server.url })).status).toBe(200)
  })

  it.each([
    ['another site\'s Origin', { origin: 'https://evil.example' }],
    ['the opaque Origin "null"', { origin: 'null' }],
    ['a cross-site Sec-Fetch-Site, whatever the Origin says', { 'origin': 'placeholder', 'sec-fetch-site': 'cross-site' }],
    ['a same-site (other subdomain) Sec-Fetch-Site without Origin', { 'sec-fetch-site': 'same-site' }],
  ])('refuses %s', async (_, headers: Record<string, string>) => {
    const res = await post(headers.origin === 'placeholder' ? { ...headers, origin: server.url } : headers)
    expect(res.status).toBe(403)
  })

  it('lets a client without a session cookie sign in without Origin', async () => {
    const res = await server.fetch('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'lee@origin.test', password: 'not-the-password' }) })
    expect(res.status).toBe(401)
  })
})
