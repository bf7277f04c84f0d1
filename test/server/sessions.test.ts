import mongoose, { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PublicUser } from '../../shared/schemas/accounts'
import type { SessionView } from '../../shared/types/sessions'
import { createSession } from '../../server/domain/accounts/sessions'
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

// The sign-in check reads the session alone: it carries a copy of the account's facts, which
// every change of the account updates on all of the person's sessions before it answers.
describe('the account\'s facts each session carries', () => {
  async function withDb<T>(work: (db: mongoose.Connection) => Promise<T>) {
    const db = await openDatabase(server.databaseUri)
    try {
      return await work(db)
    }
    finally {
      await db.close()
    }
  }
  const sessionsOf = (db: mongoose.Connection, userId: string) => db.collection('sessions').find({ user: new Types.ObjectId(userId) }).toArray()

  it('shows a change of role, name, department, job role and start date at the next request of every session', async () => {
    const [dee] = await createPeople(server.databaseUri, [{ email: 'dee@sess.test', role: 'staff', department: 'contact-centre', jobRole: 'Agent' }])
    const laptop = await signIn(server, 'dee@sess.test')
    const phone = await signIn(server, 'dee@sess.test')
    expect((await laptop.json('/api/users')).status).toBe(403)
    admin = await signIn(server, 'admin@sess.test')
    const changed = await admin.json(`/api/users/${dee!.id}`, { method: 'PATCH', body: { role: 'hr', name: 'Dee Moved', department: 'retail-floor', jobRole: 'Team lead', startDate: '2026-10-01' } })
    expect(changed.status).toBe(200)
    for (const session of [laptop, phone]) {
      const me = await session.json<PublicUser>('/api/me')
      expect(me.body).toMatchObject({ role: 'hr', name: 'Dee Moved', department: 'retail-floor', jobRole: 'Team lead', startDate: '2026-10-01' })
      expect((await session.json('/api/users')).status).toBe(200)
      // What the browser's navigation is drawn from: the account now, not the cookie's seal.
      expect((await session.json<{ user: unknown }>('/api/_auth/session')).body.user).toMatchObject({ role: 'hr', name: 'Dee Moved' })
    }
    // Taking the role away acts as soon.
    expect((await admin.json(`/api/users/${dee!.id}`, { method: 'PATCH', body: { role: 'staff' } })).status).toBe(200)
    expect((await laptop.json('/api/users')).status).toBe(403)
    expect((await phone.json<PublicUser>('/api/me')).body.role).toBe('staff')
  })

  it('shows a change made by a staff import at the next request', async () => {
    await createPeople(server.databaseUri, [{ email: 'eli@sess.test', role: 'staff', name: 'Eli', jobRole: 'Cashier' }])
    const eli = await signIn(server, 'eli@sess.test')
    expect((await eli.json<PublicUser>('/api/me')).body).toMatchObject({ name: 'Eli', jobRole: 'Cashier' })
    admin = await signIn(server, 'admin@sess.test')
    const csv = 'name,email,department,job role,start date\nEli Imported,eli@sess.test,contact-centre,Stock room,2026-09-01\n'
    const imported = await admin.json<{ updated: number }>('/api/users/import', { method: 'POST', body: { csv, commit: true } })
    expect(imported.status).toBe(200)
    expect(imported.body.updated).toBe(1)
    expect((await eli.json<PublicUser>('/api/me')).body).toMatchObject({ name: 'Eli Imported', department: 'contact-centre', jobRole: 'Stock room', startDate: '2026-09-01' })
  })

  it('ends every session of a deactivated account at its next request, saying why', async () => {
    const [fay] = await createPeople(server.databaseUri, [{ email: 'fay@sess.test', role: 'staff' }])
    const one = await signIn(server, 'fay@sess.test')
    const two = await signIn(server, 'fay@sess.test')
    admin = await signIn(server, 'admin@sess.test')
    expect((await admin.json(`/api/users/${fay!.id}`, { method: 'PATCH', body: { active: false } })).status).toBe(200)
    for (const session of [one, two]) {
      const refused = await session.json<{ statusMessage: string }>('/api/me')
      expect(refused.status).toBe(401)
      expect(refused.body.statusMessage).toMatch(/deactivated/)
    }
    expect(await withDb(db => sessionsOf(db, fay!.id))).toEqual([])
  })

  it('keeps a session from before the copy working, and gives it the copy once', async () => {
    const [gus] = await createPeople(server.databaseUri, [{ email: 'gus@sess.test', role: 'staff', name: 'Gus' }])
    const gusSession = await signIn(server, 'gus@sess.test')
    await withDb(db => db.collection('sessions').updateMany({ user: new Types.ObjectId(gus!.id) }, { $unset: { account: '' } }))
    expect((await gusSession.json<PublicUser>('/api/me')).body).toMatchObject({ name: 'Gus', role: 'staff' })
    const [stored] = await withDb(db => sessionsOf(db, gus!.id))
    expect(stored!.account).toMatchObject({ name: 'Gus', role: 'staff', active: true, sessionVersion: 0 })
    // A change reaches it like any other session.
    admin = await signIn(server, 'admin@sess.test')
    expect((await admin.json(`/api/users/${gus!.id}`, { method: 'PATCH', body: { name: 'Gus Renamed' } })).status).toBe(200)
    expect((await gusSession.json<PublicUser>('/api/me')).body.name).toBe('Gus Renamed')
  })

  it('replaces a copy the account no longer matches when last-seen is next written', async () => {
    // A change that reached the user but not its sessions (a process stopped in between, or a
    // write made around the app): the copy is read against the account at the next touch.
    const [ida] = await createPeople(server.databaseUri, [{ email: 'ida@sess.test', role: 'staff', name: 'Ida' }])
    const idaSession = await signIn(server, 'ida@sess.test')
    expect((await idaSession.json<PublicUser>('/api/me')).body.name).toBe('Ida')
    await withDb(db => db.collection('users').updateOne({ _id: new Types.ObjectId(ida!.id) }, { $set: { name: 'Ida Around', role: 'hr' } }))
    // Last-seen is written at most every tenth of the idle time (600 ms here).
    await sleep(IDLE_MS / 10 + 200)
    expect((await idaSession.json<PublicUser>('/api/me')).body).toMatchObject({ name: 'Ida Around', role: 'hr' })
    expect((await idaSession.json('/api/users')).status).toBe(200)
  })

  it('corrects the copy of a session created while the account changed', async () => {
    // The interleaving that misses the change: sign-in read the account (as `read`), the
    // change was written and copied to the sessions listed then, and only then was the new
    // session created. Creating it must leave the changed facts on it, not the ones read.
    const [hal] = await createPeople(server.databaseUri, [{ email: 'hal@sess.test', role: 'staff', name: 'Hal' }])
    const read = await withDb(db => db.collection('users').findOne({ _id: new Types.ObjectId(hal!.id) }))
    admin = await signIn(server, 'admin@sess.test')
    expect((await admin.json(`/api/users/${hal!.id}`, { method: 'PATCH', body: { role: 'trainer', name: 'Hal Trainer' } })).status).toBe(200)
    await mongoose.connect(server.databaseUri, { serverSelectionTimeoutMS: 3000 })
    try {
      const { id } = await createSession(read as never, { device: 'test', address: '127.0.0.1' }, new Date(), { idleMs: IDLE_MS, maxMs: 86_400_000 })
      const [session, user] = await withDb(db => Promise.all([
        db.collection('sessions').findOne({ _id: id as never }),
        db.collection('users').findOne({ _id: new Types.ObjectId(hal!.id) }),
      ]))
      expect(read!.role).toBe('staff')
      expect(session!.account).toMatchObject({ role: 'trainer', name: 'Hal Trainer', rev: user!.accountRevision })
      expect(await withDb(db => db.collection('user_sessions').findOne({ _id: new Types.ObjectId(hal!.id) }))).toMatchObject({ ids: expect.arrayContaining([id]) })
    }
    finally {
      await mongoose.disconnect()
    }
  })
})
