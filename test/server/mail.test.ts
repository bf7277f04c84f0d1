import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, signIn, TEST_PASSWORD, type SignedIn } from '../support/accounts'
import { completePath, DAY } from '../support/hr'
import { startMailCatcher, type CaughtMail, type MailCatcher } from '../support/mail'
import { dropDatabase, startServer, throwawayDatabaseUri, type TestServer } from '../support/server'

// E-mail through a real SMTP server in the test process, with a clock the test sets
// (RAPPORT_TEST_CLOCK=1 makes the app honour the x-rapport-now header).

let mail: MailCatcher
let server: TestServer
let admin: SignedIn
let hr: SignedIn
const databaseUri = throwawayDatabaseUri()
const env = () => ({ SMTP_URL: mail.url, MAIL_FROM: 'Rapport <training@mail.test>', RAPPORT_TEST_CLOCK: '1' })

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  server.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

const today = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z')
/** `days` after today's midnight UTC, at `hour` o'clock. */
const at = (days: number, hour = 10) => new Date(today.getTime() + days * DAY + hour * 3_600_000)

async function runAt(when: Date, on: TestServer = server) {
  const res = await on.fetch('/api/mail/run', { method: 'POST', headers: { 'cookie': admin.cookie, 'origin': on.url, 'x-rapport-now': when.toISOString() } })
  expect(res.status, await res.clone().text()).toBe(200)
  return res.json() as Promise<{ planned: { queued: number, skipped: number }, delivered: { sent: number, retry: number, failed: number } }>
}

/** The messages that arrived while `action` ran. */
async function during(action: () => Promise<unknown>, settleMs = 300): Promise<CaughtMail[]> {
  const before = mail.messages.length
  await action()
  await new Promise(r => setTimeout(r, settleMs))
  return mail.messages.slice(before)
}

const to = (list: CaughtMail[], ...addresses: string[]) => list.filter(m => addresses.some(a => m.to.includes(a)))

function expectBothParts(message: CaughtMail, link: string) {
  expect(message.text).toContain(link)
  expect(message.html).toContain(link.replace(/&/g, '&amp;'))
  expect(message.html).toMatch(/<html lang="en">/)
  expect(message.raw.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' })
  expect(message.from).toBe('training@mail.test')
}

const tokenOf = (link: string) => new URL(link).searchParams.get('token')!

beforeAll(async () => {
  mail = await startMailCatcher()
  server = await startServer({ databaseUri, env: env() })
  await createPeople(databaseUri, [
    { email: 'admin@mail.test', role: 'admin', name: 'Ada Admin', department: 'people-and-training' },
    { email: 'hr@mail.test', role: 'hr', name: 'Hana Hr', department: 'people-and-training' },
    { email: 'sam@mail.test', role: 'staff', name: 'Sam Reset', department: 'retail-floor' },
  ])
  admin = await signIn(server, 'admin@mail.test')
  hr = await signIn(server, 'hr@mail.test')
  const settings = await admin.json('/api/mail/settings', { method: 'PUT', body: { organisationName: 'Test Org', overdueCopyLead: true } })
  expect(settings.status).toBe(200)
})
afterAll(async () => {
  await server?.stop()
  await mail?.stop()
  await dropDatabase(databaseUri)
})

describe('account e-mails', () => {
  it('invites a new person, who sets a password from the link and signs in', async () => {
    const [invite] = await during(async () => {
      const created = await admin.json<{ invitation: string, passwordSet: boolean }>('/api/users', { method: 'POST', body: { name: 'Ivy New', email: 'ivy@mail.test', role: 'staff', department: 'retail-floor', jobRole: 'Cashier', startDate: '2026-11-02' } })
      expect(created.status).toBe(201)
      expect(created.body.invitation).toBe('sent')
      expect(created.body.passwordSet).toBe(false)
    })
    expect(invite!.to).toEqual(['ivy@mail.test'])
    expect(invite!.subject).toBe('Set up your Rapport account at Test Org')
    const link = invite!.links.find(l => l.includes('/set-password?token='))!
    expect(link.startsWith(`${server.url}/set-password?token=`)).toBe(true)
    expectBothParts(invite!, link)
    expect(invite!.text).toMatch(/Hello Ivy New/)

    const token = tokenOf(link)
    const described = await server.fetch(`/api/auth/link?token=${token}`)
    expect(await described.json()).toMatchObject({ purpose: 'invite', name: 'Ivy New', email: 'ivy@mail.test' })
    // Nobody can sign in before the password is chosen.
    expect((await post('/api/auth/sign-in', { email: 'ivy@mail.test', password: '' })).status).toBe(400)
    const short = await post('/api/auth/set-password', { token, newPassword: 'short' })
    expect(short.status).toBe(400)
    expect((await post('/api/auth/set-password', { token, newPassword: 'ivy-chose-this-1' })).status).toBe(200)
    expect((await post('/api/auth/set-password', { token, newPassword: 'ivy-chose-again-2' })).status).toBe(400)
    expect((await post('/api/auth/sign-in', { email: 'ivy@mail.test', password: 'ivy-chose-this-1' })).status).toBe(200)
    expect((await post('/api/auth/sign-in', { email: 'ivy@mail.test', password: 'ivy-chose-again-2' })).status).toBe(401)
  })

  it('refuses an expired invitation and a made-up token, and writes nothing', async () => {
    const created = await admin.json<{ id: string }>('/api/users', { method: 'POST', body: { name: 'Eli Late', email: 'eli@mail.test', role: 'staff', department: 'retail-floor', jobRole: 'Cashier', startDate: '2026-11-02' } })
    const [first] = await during(async () => expect((await admin.json(`/api/users/${created.body.id}/invitation`, { method: 'POST' })).status).toBe(200))
    const token = tokenOf(first!.links.find(l => l.includes('token='))!)
    const later = { 'x-rapport-now': new Date(Date.now() + 8 * DAY).toISOString() }
    const expired = await post('/api/auth/set-password', { token, newPassword: 'eli-password-1' }, later)
    expect(expired.status).toBe(400)
    expect((await expired.json()).statusMessage).toMatch(/expired or has already been used/)
    expect((await post('/api/auth/set-password', { token: 'x'.repeat(43), newPassword: 'eli-password-1' })).status).toBe(400)
    expect((await post('/api/auth/set-password', { token: '$gt', newPassword: 'eli-password-1' })).status).toBe(400)
    // Still unused: the link works today.
    expect((await post('/api/auth/set-password', { token, newPassword: 'eli-password-1' })).status).toBe(200)
  })

  it('sends a reset link, gives the same answer for an unknown address, and ends the old sessions', async () => {
    const oldSession = await signIn(server, 'sam@mail.test')
    const unknown = await during(async () => {
      const res = await post('/api/auth/forgot-password', { email: 'nobody@mail.test' })
      expect(res.status).toBe(200)
    })
    expect(unknown).toHaveLength(0)
    let answer = ''
    const [reset] = await during(async () => {
      const res = await post('/api/auth/forgot-password', { email: 'SAM@mail.test' })
      expect(res.status).toBe(200)
      answer = (await res.json()).message
    })
    expect(answer).toBe((await (await post('/api/auth/forgot-password', { email: 'nobody-else@mail.test' })).json()).message)
    expect(reset!.to).toEqual(['sam@mail.test'])
    expect(reset!.subject).toBe('Reset your Rapport password')
    const link = reset!.links.find(l => l.includes('/set-password?token='))!
    expectBothParts(reset!, link)
    expect((await post('/api/auth/set-password', { token: tokenOf(link), newPassword: 'sam-new-password' })).status).toBe(200)
    expect((await oldSession.json('/api/me')).status).toBe(401)
    expect((await post('/api/auth/sign-in', { email: 'sam@mail.test', password: TEST_PASSWORD })).status).toBe(401)
    expect((await post('/api/auth/sign-in', { email: 'sam@mail.test', password: 'sam-new-password' })).status).toBe(200)
  })

  it('limits reset requests for one address without saying so', async () => {
    // One fixed moment, so the four requests fall in one 15-minute window.
    const clock = { 'x-rapport-now': at(1, 9).toISOString() }
    const answers = new Set<string>()
    const sent = await during(async () => {
      for (let i = 0; i < 4; i++) {
        const res = await post('/api/auth/forgot-password', { email: 'hr@mail.test' }, clock)
        expect(res.status).toBe(200)
        answers.add((await res.json()).message)
      }
    })
    expect(sent).toHaveLength(3)
    expect(answers.size).toBe(1)
  })

  it('keeps the old email address until the new one is confirmed', async () => {
    const ivy = (await admin.json<{ users: { id: string, email: string }[] }>('/api/users?q=ivy')).body.users[0]!
    const [confirm] = await during(async () => {
      const res = await admin.json<{ email: string, emailChange: { to: string, confirmation: string } }>(`/api/users/${ivy.id}`, { method: 'PATCH', body: { email: 'ivy.moved@mail.test' } })
      expect(res.status).toBe(200)
      expect(res.body.email).toBe('ivy@mail.test')
      expect(res.body.emailChange).toEqual({ to: 'ivy.moved@mail.test', confirmation: 'sent' })
    })
    expect(confirm!.to).toEqual(['ivy.moved@mail.test'])
    const link = confirm!.links.find(l => l.includes('/confirm-email?token='))!
    expectBothParts(confirm!, link)
    expect((await post('/api/auth/sign-in', { email: 'ivy.moved@mail.test', password: 'ivy-chose-this-1' })).status).toBe(401)
    const ivySession = await signIn(server, 'ivy@mail.test', 'ivy-chose-this-1')
    expect((await post('/api/auth/confirm-email', { token: tokenOf(link) })).status).toBe(200)
    // A session signed in before the confirmation sees the new address at its next request.
    expect((await ivySession.json<{ email: string }>('/api/me')).body.email).toBe('ivy.moved@mail.test')
    expect((await post('/api/auth/confirm-email', { token: tokenOf(link) })).status).toBe(400)
    expect((await post('/api/auth/sign-in', { email: 'ivy.moved@mail.test', password: 'ivy-chose-this-1' })).status).toBe(200)
  })
})

describe('reminders', () => {
  let cora: SignedIn
  let coraExpires: Date
  /**
   * `days` from the moment Cora's certificate expires, moved on to 10:00 UTC when that falls
   * earlier in the day: nothing goes out before the sending hour (07:00), and the certificate
   * carries the time of day the test ran at. Under a day later, so the days left stay the same.
   */
  const fromExpiry = (days: number) => {
    const when = new Date(coraExpires.getTime() + days * DAY)
    return when.getUTCHours() < 10 ? new Date(when.getTime() + (10 - when.getUTCHours()) * 3_600_000) : when
  }

  beforeAll(async () => {
    const departments = (await admin.json<{ id: string, slug: string }[]>('/api/departments')).body
    const retail = departments.find(d => d.slug === 'retail-floor')!
    expect((await admin.json(`/api/departments/${retail.id}`, { method: 'PATCH', body: { name: 'Retail Floor', leadEmail: 'lead@mail.test' } })).status).toBe(200)
    const person = (name: string, email: string) => ({ name, email, role: 'staff', department: 'retail-floor', jobRole: 'Sales associate', startDate: today.toISOString().slice(0, 10), password: 'learner-password-1' })
    expect((await admin.json('/api/users', { method: 'POST', body: person('Rita Late', 'rita@mail.test') })).status).toBe(201)
    await admin.json('/api/users', { method: 'POST', body: person('Cora Done', 'cora@mail.test') })
    cora = await signIn(server, 'cora@mail.test', 'learner-password-1')
    await completePath(cora, 'new-staff-essentials')
    const learning = await cora.json<{ certificates: { expiresAt: string }[] }>('/api/me/learning')
    coraExpires = new Date(learning.body.certificates[0]!.expiresAt)
  }, 240_000)

  it('welcomes a new starter with their path, due date and first lesson, and sends HR its digest and monthly summary', async () => {
    const arrived = await during(() => runAt(at(1)))
    const welcome = arrived.filter(m => m.to.includes('rita@mail.test'))
    expect(welcome.map(m => m.subject)).toEqual(['Welcome to your training at Test Org'])
    expect(welcome[0]!.text).toContain('New staff essentials')
    const due = new Date(today.getTime() + 30 * DAY).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
    expect(welcome[0]!.text).toContain(due)
    expectBothParts(welcome[0]!, `${server.url}/courses/why-service-matters/`)
    // Cora has finished: no welcome for her.
    expect(arrived.filter(m => m.to.includes('cora@mail.test'))).toHaveLength(0)
    const toHr = arrived.filter(m => m.to.includes('hr@mail.test')).map(m => m.subject).sort()
    expect(toHr).toHaveLength(2)
    expect(toHr[0]).toMatch(/^Training at Test Org in /)
    expect(toHr[1]).toMatch(/^Training this week at Test Org: \d+ (person|people) overdue$/)
    const digest = arrived.find(m => m.subject.startsWith('Training this week'))!
    expect(digest.html).toContain('<caption')
    expect(digest.text).toContain('Retail Floor')
    expectBothParts(digest, `${server.url}/hr/lists?list=overdue`)
    expect(to(await during(() => runAt(at(1, 11))), 'rita@mail.test', 'cora@mail.test', 'hr@mail.test')).toHaveLength(0)
  })

  it('reminds 7 and then 2 days before the due date, once each', async () => {
    const seven = to(await during(() => runAt(at(23))), 'rita@mail.test', 'cora@mail.test')
    expect(seven.map(m => [m.to[0], m.subject])).toEqual([['rita@mail.test', 'New staff essentials: due in 7 days']])
    expectBothParts(seven[0]!, `${server.url}/courses/why-service-matters/`)
    expect(to(await during(() => runAt(at(24))), 'rita@mail.test')).toHaveLength(0)
    const two = to(await during(() => runAt(at(28))), 'rita@mail.test')
    expect(two.map(m => m.subject)).toEqual(['New staff essentials: due in 2 days'])
  })

  it('sends an overdue reminder with the department lead in copy, then weekly', async () => {
    const first = to(await during(() => runAt(at(30))), 'rita@mail.test')
    expect(first.map(m => m.subject)).toEqual(['New staff essentials is overdue'])
    expect(first[0]!.to).toEqual(['rita@mail.test'])
    expect(first[0]!.cc).toEqual(['lead@mail.test'])
    expectBothParts(first[0]!, `${server.url}/courses/why-service-matters/`)
    expect(to(await during(() => runAt(at(33))), 'rita@mail.test')).toHaveLength(0)
    const week = to(await during(() => runAt(at(37))), 'rita@mail.test')
    expect(week.map(m => m.subject)).toEqual(['New staff essentials is overdue'])
    expect(week[0]!.text).toMatch(/7 days ago/)
  })

  it('shows the same events as in-app notices with an unread count', async () => {
    const me = await signIn(server, 'rita@mail.test', 'learner-password-1')
    const notices = await me.json<{ unread: number, notices: { kind: string, link: string }[] }>('/api/me/notices')
    expect(notices.body.notices.map(n => n.kind)).toEqual(['overdue', 'overdue', 'due-soon', 'due-soon', 'welcome'])
    expect(notices.body.unread).toBe(5)
    expect(notices.body.notices[0]!.link).toMatch(/^\/courses\/why-service-matters\//)
    const read = await me.json<{ unread: number }>('/api/me/notices/read', { method: 'POST' })
    expect(read.body.unread).toBe(0)
  })

  it('warns 30 and 7 days before a certificate expires, then links to recertify once it has', async () => {
    const mine = (list: CaughtMail[]) => list.filter(m => m.to.includes('cora@mail.test'))
    const thirty = mine(await during(() => runAt(fromExpiry(-29))))
    expect(thirty.map(m => m.subject)).toEqual(['Your certificate “Customer Service Essentials” expires in 29 days'])
    expectBothParts(thirty[0]!, `${server.url}/learn`)
    const seven = mine(await during(() => runAt(fromExpiry(-6))))
    expect(seven.map(m => m.subject)).toEqual(['Your certificate “Customer Service Essentials” expires in 6 days'])
    const expired = mine(await during(() => runAt(fromExpiry(1))))
    expect(expired.map(m => m.subject)).toEqual(['Your certificate “Customer Service Essentials” has expired'])
    expectBothParts(expired[0]!, `${server.url}/quizzes/`)
    expect(mine(await during(() => runAt(fromExpiry(2))))).toHaveLength(0)
  })

  it('lets a person turn off optional reminders, and the log says why they were skipped', async () => {
    const prefs = await cora.json<{ optional: { kind: string, on: boolean }[] }>('/api/me/preferences', { method: 'PUT', body: { optOut: ['due-soon'] } })
    expect(prefs.status).toBe(200)
    expect(prefs.body.optional.find(k => k.kind === 'due-soon')?.on).toBe(false)
    // The new cycle is due 30 days after the certificate expired: 6 days left here.
    const arrived = await during(() => runAt(fromExpiry(24)))
    expect(arrived.filter(m => m.to.includes('cora@mail.test'))).toHaveLength(0)
    const log = await admin.json<{ entries: { to: string, kind: string, reason: string }[] }>('/api/mail/log?status=skipped')
    expect(log.body.entries.find(e => e.to === 'cora@mail.test' && e.kind === 'due-soon')?.reason).toBe('turned off by the person')
  })
})

describe('delivery', () => {
  let rita: string
  beforeAll(async () => {
    rita = (await admin.json<{ users: { id: string }[] }>('/api/users?q=rita')).body.users[0]!.id
  })
  const later = (days: number) => at(400 + days)

  it('previews HR\'s reminder without sending, then sends it once a refusing server recovers', async () => {
    const preview = await hr.json<{ count: number, sample: { subject: string, to: string }, sent: number }>('/api/hr/reminders', { method: 'POST', body: { people: [rita], preview: true }, headers: { 'x-rapport-now': later(0).toISOString() } })
    expect(preview.body).toMatchObject({ count: 1, sent: 0, sample: { to: 'rita@mail.test', subject: 'A reminder from Hana Hr (HR): New staff essentials' } })
    mail.failing = true
    const refused = await hr.json<{ count: number, sent: number, failed: number }>('/api/hr/reminders', { method: 'POST', body: { people: [rita] }, headers: { 'x-rapport-now': later(0).toISOString() } })
    expect(refused.body).toMatchObject({ count: 1, sent: 0, failed: 1 })
    const pending = await admin.json<{ entries: { to: string, kind: string, reason: string, attempts: number }[] }>('/api/mail/log?status=pending')
    const entry = pending.body.entries.find(e => e.kind === 'reminder')!
    expect(entry).toMatchObject({ to: 'rita@mail.test', attempts: 1 })
    expect(entry.reason).toMatch(/attempt 1 failed.*451/)
    mail.failing = false
    // Not before its back-off (one minute), then once.
    const fromHr = (list: CaughtMail[]) => list.filter(m => m.subject.startsWith('A reminder from'))
    expect(fromHr(await during(() => runAt(new Date(later(0).getTime() + 30_000))))).toHaveLength(0)
    const sent = fromHr(await during(() => runAt(new Date(later(0).getTime() + 2 * 60_000))))
    expect(sent.map(m => m.to)).toEqual([['rita@mail.test']])
    expectBothParts(sent[0]!, `${server.url}/courses/why-service-matters/`)
    expect(fromHr(await during(() => runAt(new Date(later(0).getTime() + 60 * 60_000))))).toHaveLength(0)
    // Asking again the same day is refused as already done.
    const again = await hr.json<{ count: number, skipped: { reason: string }[] }>('/api/hr/reminders', { method: 'POST', body: { people: [rita] }, headers: { 'x-rapport-now': later(0).toISOString() } })
    expect(again.body.count).toBe(0)
    expect(again.body.skipped[0]!.reason).toBe('already reminded today')
    const department = await hr.json<{ people: { id: string, lastRemindedAt: string | null }[] }>('/api/hr/departments/retail-floor?pageSize=100')
    // The scheduler's overdue reminder of the pass 30 s later is the latest.
    expect(department.body.people.find(r => r.id === rita)?.lastRemindedAt).toBe(new Date(later(0).getTime() + 30_000).toISOString())
  })

  it('sends each reminder once with two app processes, and again none after a restart', async () => {
    await server.stop()
    const [a, b] = await Promise.all([startServer({ databaseUri, env: env() }), startServer({ databaseUri, env: env() })])
    try {
      admin = await signIn(a, 'admin@mail.test')
      const when = later(7)
      const arrived = await during(() => Promise.all([runAt(when, a), runAt(when, b), runAt(when, a), runAt(when, b)]), 1000)
      const toRita = arrived.filter(m => m.to.includes('rita@mail.test'))
      expect(toRita.map(m => m.subject)).toEqual(['New staff essentials is overdue'])

      // The reset-request limits are counted in the database, so they hold across processes:
      // four requests for one address, alternating, send three links; the client's eleventh
      // request in the window is refused, by whichever process takes it.
      const clock = { 'x-rapport-now': later(8).toISOString() }
      const forgot = (on: TestServer, email: string) => on.fetch('/api/auth/forgot-password', { method: 'POST', headers: { 'content-type': 'application/json', ...clock }, body: JSON.stringify({ email }) })
      const resets = await during(async () => {
        for (const on of [a, b, a, b]) expect((await forgot(on, 'rita@mail.test')).status).toBe(200)
      })
      expect(resets.map(m => m.subject)).toEqual(Array(3).fill('Reset your Rapport password'))
      for (const [i, on] of [a, b, a, b, a, b].entries()) expect((await forgot(on, `nobody-${i}@mail.test`)).status).toBe(200)
      const refused = await forgot(a, 'rita@mail.test')
      expect(refused.status).toBe(429)
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60)
      await b.stop()
      const c = await startServer({ databaseUri, env: env() })
      try {
        expect(await during(() => Promise.all([runAt(when, a), runAt(when, c)]), 1000)).toHaveLength(0)
      }
      finally {
        await c.stop()
      }
    }
    finally {
      await a.stop()
      await b.stop()
    }
  }, 240_000)
})
