import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, TEST_PASSWORD } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, signInAs } from '../support/browser'
import { library } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

// "My learning" for an agent whose essentials path is due in five days with everything
// left: that path is at risk and comes first, with the time left, grouped by course.

const DAY = 86_400_000
const essentials = library.paths.get('new-staff-essentials')!.definition
const contact = library.paths.get('contact-centre-certification')!.definition

describe('the learning path page', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    // Started so that the essentials path is due in five days (less a few hours).
    const startDate = new Date(Date.now() - (essentials.dueDays - 5) * DAY - 3 * 3_600_000)
    await createPeople(server.databaseUri, [{ email: 'ada@path.test', role: 'staff', name: 'Ada Agent', department: 'contact-centre', jobRole: 'Contact-centre agent', startDate }])
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`puts the path due in 5 days first, at risk, with its days and time left, grouped by course (${size})`, async () => {
      const context = await browser.newContext({ viewport })
      const page = await context.newPage()
      await signInAs(page, server.url, 'ada@path.test', TEST_PASSWORD)
      await page.goto(`${server.url}/learn`)
      const cards = page.locator('article.path')
      await cards.first().waitFor()
      await expect(cards.count()).resolves.toBe(2)
      const first = cards.nth(0)
      await expect(first.getByRole('heading', { level: 2 }).textContent()).resolves.toContain(essentials.title)
      await expect(first.getAttribute('data-standing')).resolves.toBe('at-risk')
      const text = (await first.textContent())!
      expect(text).toContain('At risk')
      expect(text).not.toContain('On track')
      expect(text).toContain('5 days left')
      expect(text).toMatch(/About \d+ h( \d+ min)? of work left/)
      await expect(cards.nth(1).getByRole('heading', { level: 2 }).textContent()).resolves.toContain(contact.title)

      // Everything in it, grouped by course: each required course a heading with its time left.
      await first.getByRole('button', { name: 'Show everything in this path' }).click()
      for (const course of essentials.requires.courses) {
        await first.getByRole('heading', { level: 3, name: new RegExp(library.courses.get(course)!.title) }).waitFor()
      }
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(viewport.width)
      await screenshot(page, `learning-path-at-risk-${size}`)
      await context.close()
    })
  }
})
