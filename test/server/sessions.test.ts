import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SessionView } from '../../shared/types/sessions'
import { createPeople, openDatabase, signIn, type SignedIn, type TestPerson } from '../support/accounts'
import { startServer, type TestServer } from '../support/server'

// Sessions idle out after 6 s here (NUXT_SESSION_IDLE_MINUTES=0.1) so expiry can be watched.
const IDLE_MS = 6_000
let server: TestServer
let admin: SignedIn
let people: TestPerson[]

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

beforeAll(async () => {
  server = await startServer({ env: { NUXT_SESSION_IDLE_MINUTES: String(IDLE_MS / 60_000) } })
  people = await createPeople(server.databaseUri, [
    { email: 'admin@sess.test', role: 'admin' },
    { email: 'ana@sess.test', role: 'staff' },
    { email: 'ben@sess.test', role: 'staff' },
    { email: 'cy@sess.test', role: 'staff' },
  ])
  admin = await signIn(server, 'admin@sess.test')
})
afterAll(async () => {
  await server?.stop()
})

describe('server-side sessions', () => {
  it('refuses a copy of the cookie made before signing out', async () => {
    const ana = await signIn(server, 'ana@sess.test')
    expect((await ana.json('/api/me')).status).toBe(200)
    const out = await ana.fetch('/api/auth/sign-out', { method: 'POST' })
    expect(out.status).toBe(200)
    // The browser dropped its cookie; an attacker replays the copy.
    const replayed = await ana.json<{ statusMessage: string }>('/api/me')
    expect(replayed.status).toBe(401)
    expect(replayed.body.statusMessage).toMatch(/session has ended/i)
    expect((await ana.json('/api/_auth/session')).body).not.toHaveProperty('user')
  })

  it('keeps a session alive while it is used and ends it after the idle time', async () => {
    const ben = await signIn(server, 'ben@sess.test')
    for (let i = 0; i < 3; i++) {
      await sleep(IDLE_MS / 2)
      expect((await ben.json('/api/me')).status, `request ${i + 1}, ${IDLE_MS / 2} ms after the last`).toBe(200)
    }
    await sleep(IDLE_MS + 1000)
    expect((await ben.json('/api/me')).status).toBe(401)
    // The expired record is gone from the database, not just refused.
    const db = await openDatabase(server.databaseUri)
    try {
      const ids = (await db.collection('user_sessions').findOne({ _id: new (await import('mongoose')).Types.ObjectId(people[2]!.id) } as never))?.ids ?? []
      for (const id of ids) expect(await db.collection('sessions').findOne({ _id: id } as never)).toBeNull()
    }
    finally {
      await db.close()
    }
  })

  it('lists a person\'s sessions and lets them end another one', async () => {
    const laptop = await signIn(server, 'cy@sess.test')
    const phone = await signIn(server, 'cy@sess.test')
    const listed = await laptop.json<{ sessions: SessionView[] }>('/api/me/sessions')
    expect(listed.status).toBe(200)
    expect(listed.body.sessions).toHaveLength(2)
    expect(listed.body.sessions.filter(s => s.current)).toHaveLength(1)
    expect(listed.body.sessions[0]!.address).toBe('127.0.0.1')
    const other = listed.body.sessions.find(s => !s.current)!
    expect((await laptop.json(`/api/me/sessions/${other.id}`, { method: 'DELETE' })).status).toBe(200)
    expect((await phone.json('/api/me')).status).toBe(401)
    expect((await laptop.json('/api/me')).status).toBe(200)
    // Someone else's session id is not yours to end.
    admin = await signIn(server, 'admin@sess.test')
    const adminSessions = await admin.json<{ sessions: SessionView[] }>('/api/me/sessions')
    expect((await laptop.json(`/api/me/sessions/${adminSessions.body.sessions[0]!.id}`, { method: 'DELETE' })).status).toBe(404)
    expect((await admin.json('/api/me')).status).toBe(200)
  })

  it('lets an admin end all of a person\'s sessions', async () => {
    const one = await signIn(server, 'ana@sess.test')
    const two = await signIn(server, 'ana@sess.test')
    const anaId = people[1]!.id
    admin = await signIn(server, 'admin@sess.test')
    expect((await one.json(`/api/users/${anaId}/sessions`, { method: 'DELETE' })).status).toBe(403)
    const ended = await admin.json<{ ended: number }>(`/api/users/${anaId}/sessions`, { method: 'DELETE' })
    expect(ended.status).toBe(200)
    expect(ended.body.ended).toBe(2)
    expect((await one.json('/api/me')).status).toBe(401)
    expect((await two.json('/api/me')).status).toBe(401)
    expect((await signIn(server, 'ana@sess.test').then(s => s.json('/api/me'))).status).toBe(200)
  })
})
