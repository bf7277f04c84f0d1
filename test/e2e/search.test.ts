import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, TEST_PASSWORD } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, signInAs } from '../support/browser'
import { startServer, type TestServer } from '../support/server'

// A learner searches the courses, opens a result and lands at the lesson's section.

describe('search across courses and lessons', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, [{ email: 'seeker@search.test', role: 'staff' }])
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`finds a lesson section and opens it on ${size}`, async () => {
      const context = await browser.newContext({ viewport })
      const page = await context.newPage()
      await signInAs(page, server.url, 'seeker@search.test', TEST_PASSWORD)

      // From the navigation (behind "Menu" on a phone).
      if (size === 'phone') await page.getByRole('button', { name: /^Menu/ }).click()
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search', exact: true }).click()
      await page.waitForURL('**/search')
      await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor()
      await page.waitForLoadState('networkidle')

      const box = page.getByRole('searchbox', { name: 'Search courses and lessons' })
      await box.fill('warm handover')
      await box.press('Enter')
      await page.waitForURL('**/search?q=warm+handover')
      const status = page.getByRole('status').filter({ hasText: /results? for “warm handover”/ })
      await status.waitFor()
      const results = page.getByRole('main').getByRole('listitem')
      const count = Number(/^(\d+)/.exec(await status.innerText())![1])
      expect(count).toBeGreaterThan(0)
      await expect(results.count()).resolves.toBe(Math.min(count, 20))
      expect(await results.locator('mark').count()).toBeGreaterThan(0)
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(viewport.width)
      await screenshot(page, `search-results-${size}`)

      // The section about the warm handover, in the lesson on escalating.
      const hit = page.getByRole('link', { name: /When and how to escalate › The warm handover/ })
      const href = (await hit.getAttribute('href'))!
      expect(href).toMatch(/^\/courses\/handling-complaints\/when-and-how-to-escalate#the-warm-handover/)
      await hit.click()
      await page.waitForURL(`**${href}`)
      const anchor = decodeURIComponent(href.split('#')[1]!)
      const heading = page.locator(`[id="${anchor}"]`)
      await heading.waitFor()
      await expect(heading.innerText()).resolves.toMatch(/The warm handover/)
      // Scrolled to it: the heading is on screen, near the top.
      await page.waitForFunction((id) => {
        const top = document.getElementById(id)!.getBoundingClientRect().top
        return top >= 0 && top < window.innerHeight / 2
      }, anchor, { timeout: 5_000 })
      await page.screenshot({ path: `test-results/screenshots/search-landed-${size}.png` })

      // Back to the results, then a search that finds nothing.
      await page.goBack()
      await page.waitForURL('**/search?q=warm+handover')
      const again = page.getByRole('searchbox', { name: 'Search courses and lessons' })
      await expect(again.inputValue()).resolves.toBe('warm handover')
      await again.fill('zzyzx')
      await again.press('Enter')
      await page.getByRole('status').filter({ hasText: 'No lessons or courses match “zzyzx”.' }).waitFor()
      await expect(page.getByRole('main').getByRole('listitem').count()).resolves.toBe(0)
      await screenshot(page, `search-nothing-${size}`)
      await context.close()
    })
  }

  it('works before the page\'s JavaScript has loaded: the search box is a real form', async () => {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false })
    const page = await context.newPage()
    // Signed in through the API, as JavaScript is off.
    const res = await context.request.post(`${server.url}/api/auth/sign-in`, { data: { email: 'seeker@search.test', password: TEST_PASSWORD }, headers: { origin: server.url } })
    expect(res.status()).toBe(200)
    await page.goto(`${server.url}/search`)
    await page.getByRole('searchbox', { name: 'Search courses and lessons' }).fill('empathy')
    await page.getByRole('button', { name: 'Search', exact: true }).click()
    await page.waitForURL('**/search?q=empathy')
    await page.getByRole('status').filter({ hasText: /results? for “empathy”/ }).waitFor()
    expect(await page.getByRole('main').getByRole('link', { name: /empathy/i }).count()).toBeGreaterThan(0)
    await context.close()
  })
})
