import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, signIn, type SignedIn } from '../support/accounts'
import { startServer, type TestServer } from '../support/server'

// @nuxt/content's query route (POST /__nuxt_content/<collection>/query) throws plain errors at
// SQL it refuses, or that SQLite can't run; those are the client's mistakes and answer 4xx.

describe('the content query route', () => {
  let server: TestServer
  let reader: SignedIn

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, [{ email: 'reader@query.test', role: 'staff' }])
    reader = await signIn(server, 'reader@query.test')
  })
  afterAll(async () => {
    await server?.stop()
  })

  it.each([
    ['a statement that is not a SELECT', { sql: 'DROP TABLE _content_lessons' }],
    ['a SELECT without the required ORDER BY', { sql: 'SELECT * FROM _content_lessons' }],
    ['another collection\'s table', { sql: 'SELECT * FROM _content_courses ORDER BY id ASC' }],
    ['a column that does not exist', { sql: 'SELECT no_such_column FROM _content_lessons ORDER BY id ASC' }],
    ['an empty query', { sql: '' }],
    ['no query at all', {}],
    ['a query that is not text', { sql: 42 }],
  ])('answers 4xx, not 500, to %s', async (_, body) => {
    const res = await reader.json('/__nuxt_content/lessons/query', { method: 'POST', body })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
  })

  it('answers 4xx to a body that is not JSON', async () => {
    const res = await reader.fetch('/__nuxt_content/lessons/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sql": ' })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
  })
})
