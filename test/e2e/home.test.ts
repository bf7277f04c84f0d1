import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DESKTOP, PHONE, launchBrowser, screenshot } from '../support/browser'
import { startServer, type TestServer } from '../support/server'

describe('home page in chromium', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('shows what Rapport is and who it is for, on desktop and phone', async () => {
    for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const page = await browser.newPage({ viewport })
      await page.goto(server.url)
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Serve every customer')
      expect(await page.title()).toContain('Rapport')
      await expect(page.getByText('Trainers', { exact: true }).isVisible()).resolves.toBe(true)
      await screenshot(page, `home-${name}`)
      await page.close()
    }
  })
})
