import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, signIn, TEST_PASSWORD, type TestPerson } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, waitUntilSignInReady } from '../support/browser'
import { DAY } from '../support/hr'
import { startMailCatcher, type MailCatcher } from '../support/mail'
import { startServer, type TestServer } from '../support/server'

// HR reminds three overdue people from the action list; each gets the e-mail, and one
// follows its link to the lesson they are stuck on.

describe('reminders in chromium', () => {
  let server: TestServer
  let mail: MailCatcher
  let browser: Browser
  let people: TestPerson[]
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY)

  beforeAll(async () => {
    mail = await startMailCatcher()
    server = await startServer({ env: { SMTP_URL: mail.url, MAIL_FROM: 'Rapport <training@e2e.test>' } })
    people = await createPeople(server.databaseUri, [
      { email: 'admin@rem-e2e.test', role: 'admin', name: 'Ada Admin', department: 'people-team', startDate: daysAgo(1) },
      { email: 'hr@rem-e2e.test', role: 'hr', name: 'Harriet Cole', department: 'people-team', startDate: daysAgo(1) },
      { email: 'ann@rem-e2e.test', role: 'staff', name: 'Ann Abbott', department: 'retail-floor', startDate: daysAgo(45) },
      { email: 'ben@rem-e2e.test', role: 'staff', name: 'Ben Brook', department: 'retail-floor', startDate: daysAgo(50) },
      { email: 'cas@rem-e2e.test', role: 'staff', name: 'Cas Cole', department: 'retail-floor', startDate: daysAgo(60) },
      { email: 'dot@rem-e2e.test', role: 'staff', name: 'Dot Dean', department: 'retail-floor', startDate: daysAgo(2) },
    ])
    const admin = await signIn(server, 'admin@rem-e2e.test')
    // Saving each person writes their learner summary, which the HR lists read.
    for (const p of people) expect((await admin.json(`/api/users/${p.id}`, { method: 'PATCH', body: { name: p.name } })).status).toBe(200)
    expect((await admin.json('/api/mail/settings', { method: 'PUT', body: { organisationName: 'Acme Retail' } })).status).toBe(200)
    browser = await launchBrowser()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await mail?.stop()
  })

  it('HR selects three overdue people, previews the reminder and sends it; each receives it', async () => {
    const context = await browser.newContext({ viewport: DESKTOP })
    const page = await context.newPage()
    await page.goto(`${server.url}/sign-in`)
    await waitUntilSignInReady(page)
    await page.getByLabel('Email').fill('hr@rem-e2e.test')
    await page.getByLabel('Password').fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(url => url.pathname === '/hr')
    await page.goto(`${server.url}/hr/lists?list=overdue`)
    await page.getByRole('checkbox', { name: 'Select Ann Abbott' }).waitFor()
    // Dot started two days ago: not on the overdue list.
    expect(await page.getByRole('checkbox', { name: 'Select Dot Dean' }).count()).toBe(0)
    expect(await page.getByRole('cell', { name: 'Never' }).count()).toBe(3)
    for (const name of ['Ann Abbott', 'Ben Brook', 'Cas Cole']) await page.getByRole('checkbox', { name: `Select ${name}` }).check()
    await page.getByText('3 people selected').waitFor()
    await page.getByRole('button', { name: 'Send reminder…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Send a reminder' })
    await dialog.getByText('3 people', { exact: true }).waitFor()
    await dialog.getByText('A reminder from Harriet Cole (HR): New staff essentials').waitFor()
    await screenshot(page, 'reminders-preview-1280')
    expect(mail.messages).toHaveLength(0)
    await dialog.getByRole('button', { name: 'Send to 3 people' }).click()
    await page.getByRole('dialog', { name: 'Reminder sent' }).getByText('Sent to 3 people.').waitFor()
    await screenshot(page, 'reminders-sent-1280')
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click()

    await mail.waitFor(3)
    expect(mail.messages.map(m => m.to[0]).sort()).toEqual(['ann@rem-e2e.test', 'ben@rem-e2e.test', 'cas@rem-e2e.test'])
    for (const m of mail.messages) {
      expect(m.subject).toBe('A reminder from Harriet Cole (HR): New staff essentials')
      expect(m.links.some(l => l.startsWith(`${server.url}/courses/why-service-matters/`))).toBe(true)
    }
    // The list now says when each was reminded.
    await page.getByRole('cell', { name: 'Never' }).first().waitFor({ state: 'detached' })
    await screenshot(page, 'reminders-list-after-1280')
    await context.close()
  })

  it('renders the e-mail readably, on a desktop and on a phone', async () => {
    const message = mail.to('ann@rem-e2e.test')[0]!
    for (const [viewport, name] of [[{ width: 700, height: 900 }, 'email-reminder-html-700'], [PHONE, 'email-reminder-html-390']] as const) {
      const context = await browser.newContext({ viewport })
      const page = await context.newPage()
      await page.setContent(message.html)
      await page.getByRole('heading', { name: message.subject }).waitFor()
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
      await screenshot(page, name)
      await context.close()
    }
  })

  it('a learner follows the e-mailed link to the overdue lesson and sees the notice', async () => {
    const link = mail.to('ann@rem-e2e.test')[0]!.links.find(l => l.includes('/courses/'))!
    const lessonPath = new URL(link).pathname
    const context = await browser.newContext({ viewport: PHONE })
    const page = await context.newPage()
    await page.goto(link)
    await page.waitForURL(url => url.pathname === '/sign-in')
    await waitUntilSignInReady(page)
    await page.getByLabel('Email').fill('ann@rem-e2e.test')
    await page.getByLabel('Password').fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(url => url.pathname === lessonPath)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 }).not.toBe('Sign in')
    await page.waitForLoadState('networkidle')
    await screenshot(page, 'reminders-learner-lesson-390')
    await page.getByRole('button', { name: 'Menu' }).click()
    await page.getByRole('link', { name: 'Notices, 1 unread' }).click()
    await page.getByRole('heading', { name: 'Notices' }).waitFor()
    await page.getByRole('link', { name: 'A reminder from Harriet Cole (HR): New staff essentials' }).waitFor()
    await screenshot(page, 'reminders-notices-390')
    await context.close()
  })
})
