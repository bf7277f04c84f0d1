import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, openDatabase, signIn, type TestPerson } from '../support/accounts'
import { library } from '../support/learning'
import { allModels } from '../../server/models'
import { QuizAttemptModel } from '../../server/models/quiz-attempt'
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
      for (const model of allModels) expect(collections, model.modelName).toContain(model.collection.collectionName)
      const indexes = await db.collection(QuizAttemptModel.collection.collectionName).indexes()
      expect(indexes.some(i => i.unique && i.key.user === 1 && i.key.quiz === 1 && i.key.number === 1)).toBe(true)
      // FerretDB 1.24 has no TTL indexes: the sessions' expiry index is there without one,
      // and the app says so (expiry is checked on read and swept).
      const sessionIndexes = await db.collection('sessions').indexes()
      expect(sessionIndexes.some(i => i.key.expiresAt === 1 && i.expireAfterSeconds === undefined)).toBe(true)
      expect(server.output()).toMatch(/no TTL indexes: sessions\.expiresAt, sign_in_throttles\.expiresAt indexed without expiry/)
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
