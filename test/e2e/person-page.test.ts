import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, TEST_PASSWORD, type TestPerson } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, signInAs } from '../support/browser'
import { DAY } from '../support/hr'
import { startMailCatcher, type MailCatcher } from '../support/mail'
import { startServer, type TestServer } from '../support/server'

// The person page collects what HR and administrators do for one person: an admin ends all
// of Sam's sessions and clears the sign-in limits an attacker caused; HR reminds Sam (with
// the preview the lists give) and sees when Sam was last reminded; at 390 px too.

describe('the person page in chromium', () => {
  let server: TestServer
  let mail: MailCatcher
  let browser: Browser
  let people: TestPerson[]
  const samId = () => people.find(p => p.email === 'sam@person-e2e.test')!.id

  const post = (path: string, body: unknown, agent = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1') =>
    server.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': agent }, body: JSON.stringify(body) })

  beforeAll(async () => {
    mail = await startMailCatcher()
    server = await startServer({ env: { SMTP_URL: mail.url, MAIL_FROM: 'Rapport <training@person-e2e.test>' } })
    people = await createPeople(server.databaseUri, [
      { email: 'ada@person-e2e.test', role: 'admin', name: 'Ada Admin', department: 'people-team' },
      { email: 'hana@person-e2e.test', role: 'hr', name: 'Hana Hill', department: 'people-team' },
      { email: 'sam@person-e2e.test', role: 'staff', name: 'Sam Taylor', department: 'retail-floor', startDate: new Date(Date.now() - 45 * DAY) },
    ])
    // Sam is signed in on a phone and a laptop; someone tried Sam's password and asked for resets.
    expect((await post('/api/auth/sign-in', { email: 'sam@person-e2e.test', password: TEST_PASSWORD })).status).toBe(200)
    expect((await post('/api/auth/sign-in', { email: 'sam@person-e2e.test', password: TEST_PASSWORD }, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36')).status).toBe(200)
    for (let i = 0; i < 3; i++) expect((await post('/api/auth/sign-in', { email: 'sam@person-e2e.test', password: `not-it-${i}-at-all` })).status).toBe(401)
    for (let i = 0; i < 3; i++) expect((await post('/api/auth/forgot-password', { email: 'sam@person-e2e.test' })).status).toBe(200)
    browser = await launchBrowser()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await mail?.stop()
  })

  async function as(email: string, viewport = DESKTOP): Promise<Page> {
    const page = await (await browser.newContext({ viewport })).newPage()
    await signInAs(page, server.url, email, TEST_PASSWORD)
    return page
  }
  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

  it('an admin sees Sam\'s sessions and sign-in limits, ends every session and clears the limits, each after confirming', async () => {
    const page = await as('ada@person-e2e.test')
    await page.goto(`${server.url}/hr/people/${samId()}`)
    const sessions = page.getByRole('region', { name: /Where they are signed in/ })
    await sessions.getByRole('rowheader', { name: 'Safari on iOS' }).waitFor()
    await sessions.getByRole('rowheader', { name: 'Chrome on Windows' }).waitFor()
    const limits = page.locator('section', { has: page.getByRole('heading', { name: 'Sign-in limits' }) })
    await limits.getByText('Password-reset requests', { exact: true }).waitFor()
    expect(await limits.locator('dd').first().textContent()).toMatch(/^\s*3/)
    await limits.getByText('No more links sent').waitFor()
    await screenshot(page, 'person-1-admin-1280')

    // Keyboard: the button opens the confirmation with Cancel focused; Escape backs out.
    await page.getByRole('button', { name: 'End all sessions…' }).focus()
    await page.keyboard.press('Enter')
    const confirm = page.getByRole('dialog', { name: 'End all sessions?' })
    await confirm.waitFor()
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Cancel')
    await screenshot(page, 'person-2-confirm-end-sessions-1280')
    await page.keyboard.press('Escape')
    await confirm.waitFor({ state: 'hidden' })
    expect(await sessions.getByRole('row').count()).toBe(3)

    await page.getByRole('button', { name: 'End all sessions…' }).click()
    await confirm.getByRole('button', { name: 'Sign Sam Taylor out everywhere' }).click()
    await page.getByText('2 sessions ended.').waitFor()
    await page.getByText('Sam Taylor is not signed in anywhere.').waitFor()

    await page.getByRole('button', { name: 'Clear limits…' }).click()
    await page.getByRole('dialog', { name: 'Clear the sign-in limits?' }).getByRole('button', { name: 'Clear limits' }).click()
    await page.getByText(/Cleared\. Sam Taylor can sign in and ask for a password reset again/).waitFor()
    await page.getByText('No failed sign-ins or reset requests for Sam Taylor in the last few minutes.').waitFor()
    await screenshot(page, 'person-3-admin-after-1280')
    // Sam's old sessions are over; a reset link can go out again.
    const total = mail.messages.length
    expect((await post('/api/auth/forgot-password', { email: 'sam@person-e2e.test' })).status).toBe(200)
    const arrived = await mail.waitFor(total + 1)
    expect(arrived.at(-1)!.to).toEqual(['sam@person-e2e.test'])
    await page.context().close()
  })

  it('HR reminds Sam from the person page with a preview, and sees when Sam was last reminded', async () => {
    const page = await as('hana@person-e2e.test')
    await page.goto(`${server.url}/hr/people/${samId()}`)
    await page.getByText('Sam Taylor has not been sent a reminder yet.').waitFor()
    // Sessions and sign-in limits are for administrators only.
    expect(await page.getByRole('heading', { name: 'Sessions', exact: true }).count()).toBe(0)
    expect(await page.getByRole('heading', { name: 'Sign-in limits' }).count()).toBe(0)
    await page.getByRole('heading', { name: 'Help this person' }).waitFor()
    await page.getByRole('button', { name: 'Send reminder…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Send a reminder' })
    await dialog.getByText('To Sam Taylor <sam@person-e2e.test>').waitFor()
    await dialog.getByText(/A reminder from Hana Hill \(HR\)/).waitFor()
    await screenshot(page, 'person-4-reminder-preview-1280')
    const before = mail.messages.length
    await dialog.getByRole('button', { name: 'Send to 1 person' }).click()
    const sent = page.getByRole('dialog', { name: 'Reminder sent' })
    await sent.getByText('Sent to 1 person.').waitFor()
    await sent.getByRole('button', { name: 'Close' }).click()
    await page.getByText(/^\s*Last reminded /).waitFor()
    const arrived = await mail.waitFor(before + 1)
    expect(arrived.at(-1)!.to).toEqual(['sam@person-e2e.test'])
    await page.context().close()
  })

  it('works at 390 px for HR and an admin, without sideways scrolling', async () => {
    for (const email of ['hana@person-e2e.test', 'ada@person-e2e.test']) {
      const page = await as(email, PHONE)
      await page.goto(`${server.url}/hr/people/${samId()}`)
      await page.getByText(/^\s*Last reminded /).waitFor()
      if (email.startsWith('ada')) await page.getByText('Sam Taylor is not signed in anywhere.').waitFor()
      expect(await noSidewaysScroll(page)).toBe(true)
      await screenshot(page, `person-5-${email.split('@')[0]}-390`)
      await page.context().close()
    }
    // An admin's phone view with a live session in the table.
    const page = await as('ada@person-e2e.test', PHONE)
    await page.goto(`${server.url}/hr/people/${people.find(p => p.email === 'ada@person-e2e.test')!.id}`)
    await page.getByRole('region', { name: /Where they are signed in/ }).getByRole('rowheader').first().waitFor()
    expect(await noSidewaysScroll(page)).toBe(true)
    await screenshot(page, 'person-6-admin-own-sessions-390')
    await page.context().close()
  })
})
