import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PersonReport } from '../../shared/schemas/hr'
import type { SessionView, SignInThrottleView } from '../../shared/types/sessions'
import { createPeople, signIn, TEST_PASSWORD, withCookie, type SignedIn, type TestPerson } from '../support/accounts'
import { startServer, type TestServer } from '../support/server'

// The person page's actions as routes: an admin sees a person's sessions and ends them all,
// sees and clears their sign-in limits (which also resets their password-reset requests),
// and HR's reminder for one person shows as "last reminded" on the person's report.

let server: TestServer
let admin: SignedIn
let hr: SignedIn
let people: TestPerson[]
const idOf = (email: string) => people.find(p => p.email === email)!.id

const signInFrom = (email: string, password: string, agent: string) =>
  server.fetch('/api/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': agent },
    body: JSON.stringify({ email, password }),
  })
const forgot = (email: string) =>
  server.fetch('/api/auth/forgot-password', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) })

beforeAll(async () => {
  server = await startServer()
  people = await createPeople(server.databaseUri, [
    { email: 'ada@person.test', role: 'admin', name: 'Ada Admin', department: 'people-team' },
    { email: 'hana@person.test', role: 'hr', name: 'Hana Hr', department: 'people-team' },
    { email: 'sam@person.test', role: 'staff', name: 'Sam Staff', department: 'retail-floor', startDate: new Date(Date.now() - 60 * 86_400_000) },
    { email: 'pat@person.test', role: 'staff', name: 'Pat Staff', department: 'retail-floor' },
  ])
  admin = await signIn(server, 'ada@person.test')
  hr = await signIn(server, 'hana@person.test')
})
afterAll(async () => {
  await server?.stop()
})

describe('the person page\'s actions', () => {
  it('lists a person\'s sessions with device and address for an admin, and ends them all so a copied cookie gets 401', async () => {
    const phone = await signInFrom('sam@person.test', TEST_PASSWORD, 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36')
    const laptop = await signInFrom('sam@person.test', TEST_PASSWORD, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0')
    expect([phone.status, laptop.status]).toEqual([200, 200])
    const cookies = [phone, laptop].map(res => res.headers.getSetCookie().map(c => c.split(';')[0]).join('; '))

    const listed = await admin.json<{ sessions: SessionView[] }>(`/api/users/${idOf('sam@person.test')}/sessions`)
    expect(listed.status).toBe(200)
    expect(listed.body.sessions).toHaveLength(2)
    expect(listed.body.sessions.map(s => s.device).sort()).toEqual([expect.stringContaining('Android'), expect.stringContaining('Firefox')])
    for (const s of listed.body.sessions) {
      expect(s.address).toBe('127.0.0.1')
      expect(Date.parse(s.createdAt)).toBeLessThanOrEqual(Date.parse(s.lastSeenAt))
      expect(s.current).toBe(false)
    }
    // Only administrators see them; an unknown person is a 404.
    expect((await hr.json(`/api/users/${idOf('sam@person.test')}/sessions`)).status).toBe(403)
    expect((await admin.json('/api/users/aaaaaaaaaaaaaaaaaaaaaaaa/sessions')).status).toBe(404)

    const ended = await admin.json<{ ended: number }>(`/api/users/${idOf('sam@person.test')}/sessions`, { method: 'DELETE' })
    expect(ended.body.ended).toBe(2)
    expect((await admin.json<{ sessions: SessionView[] }>(`/api/users/${idOf('sam@person.test')}/sessions`)).body.sessions).toEqual([])
    for (const cookie of cookies) expect((await withCookie(server, cookie).json('/api/me')).status).toBe(401)
    // The admin's own session is untouched.
    expect((await admin.json('/api/me')).status).toBe(200)
  })

  it('shows failed sign-ins and reset requests, and clearing them lets a reset link go out again', async () => {
    const pat = idOf('pat@person.test')
    for (let i = 0; i < 2; i++) expect((await signInFrom('pat@person.test', `wrong-${i}-password`, 'test')).status).toBe(401)
    for (let i = 0; i < 4; i++) expect((await forgot('pat@person.test')).status).toBe(200)
    const resetMails = async () => (await admin.json<{ entries: { to: string, kind: string }[] }>('/api/mail/log')).body.entries
      .filter(e => e.kind === 'reset' && e.to === 'pat@person.test').length
    // Three links per address and window: the fourth request wrote nothing.
    expect(await resetMails()).toBe(3)

    const seen = await admin.json<SignInThrottleView>(`/api/users/${pat}/sign-in-throttle`)
    expect(seen.body).toMatchObject({ failures: 2, addresses: ['127.0.0.1'], resetRequests: 4, resetLimited: true })
    expect((await hr.json(`/api/users/${pat}/sign-in-throttle`, { method: 'DELETE' })).status).toBe(403)

    const cleared = await admin.json<{ cleared: number, resetRequestsCleared: number }>(`/api/users/${pat}/sign-in-throttle`, { method: 'DELETE' })
    expect(cleared.body).toEqual({ cleared: 2, resetRequestsCleared: 4 })
    expect((await admin.json<SignInThrottleView>(`/api/users/${pat}/sign-in-throttle`)).body).toMatchObject({ failures: 0, resetRequests: 0, resetLimited: false })
    expect((await forgot('pat@person.test')).status).toBe(200)
    expect(await resetMails()).toBe(4)
  })

  it('reminds one overdue person from their page and shows when they were last reminded', async () => {
    const sam = idOf('sam@person.test')
    expect((await hr.json<PersonReport>(`/api/hr/people/${sam}`)).body.person.lastRemindedAt).toBeNull()
    const preview = await hr.json<{ count: number, sample: { to: string, subject: string } | null }>('/api/hr/reminders', { method: 'POST', body: { people: [sam], preview: true } })
    expect(preview.body).toMatchObject({ count: 1, sample: { to: 'sam@person.test', subject: expect.stringContaining('Hana Hr (HR)') } })
    expect((await hr.json<PersonReport>(`/api/hr/people/${sam}`)).body.person.lastRemindedAt).toBeNull()
    const before = Date.now()
    expect((await hr.json('/api/hr/reminders', { method: 'POST', body: { people: [sam] } })).status).toBe(200)
    const report = await hr.json<PersonReport>(`/api/hr/people/${sam}`)
    expect(Date.parse(report.body.person.lastRemindedAt!)).toBeGreaterThanOrEqual(before - 1000)
  })
})
