import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, openDatabase, signIn, type TestPerson } from '../support/accounts'
import { library } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

// On a fresh database, every collection and index exists before the app answers (its
// start-up creates them one at a time: server/utils/db-schema.ts), so the first requests,
// arriving together, never meet a collection being created ("no such table" on FerretDB).

const PEOPLE = 12

describe('concurrent first sign-ins on a fresh database', () => {
  let server: TestServer
  let people: TestPerson[]

  beforeAll(async () => {
    server = await startServer()
    people = await createPeople(server.databaseUri, Array.from({ length: PEOPLE }, (_, i) => ({ email: `first${i}@fresh.test`, role: 'staff' as const })))
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('has every collection and index before the first request', async () => {
    const db = await openDatabase(server.databaseUri)
    try {
      const collections = new Set((await db.db!.listCollections().toArray()).map(c => c.name))
      for (const name of ['sessions', 'usersessions', 'signinthrottles', 'learnerrecords', 'lessoncompletions', 'quizattempts', 'auditevents']) {
        expect(collections, name).toContain(name)
      }
      const sessionIndexes = await db.collection('sessions').indexes()
      expect(sessionIndexes.some(i => i.key.expiresAt === 1 && i.expireAfterSeconds === 0)).toBe(true)
    }
    finally {
      await db.close()
    }
  })

  it('signs everyone in at once and serves their first writes at once', async () => {
    const lesson = library.lessons[0]!
    const signedIn = await Promise.all(people.map(p => signIn(server, p.email)))
    const opened = await Promise.all(signedIn.map(s => s.fetch(`/api/courses/${lesson.course}/lessons/${lesson.slug}/open`, { method: 'POST' })))
    expect(opened.map(r => r.status)).toEqual(people.map(() => 200))
    const me = await Promise.all(signedIn.map(s => s.fetch('/api/me')))
    expect(me.map(r => r.status)).toEqual(people.map(() => 200))
    expect(server.output()).not.toMatch(/no such table/i)
  })
})
