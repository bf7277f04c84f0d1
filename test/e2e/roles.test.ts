import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { navFor, NAV_ITEMS, roleHome } from '../../shared/utils/navigation'
import { ROLES } from '../../shared/schemas/accounts'
import { createPeople, TEST_PASSWORD } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, signInAs, waitUntilSignInReady } from '../support/browser'
import { startServer, type TestServer } from '../support/server'

describe('each role signs in to its own home and navigation', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, ROLES.map(role => ({ email: `${role}@roles.test`, role, name: `${role[0]!.toUpperCase()}${role.slice(1)} Person` })))
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('sends a signed-out visitor to the sign-in page, and says nothing about unknown emails', async () => {
    const page = await browser.newPage({ viewport: DESKTOP })
    await page.goto(`${server.url}/learn`)
    await page.waitForURL(/\/sign-in\?redirect=/)
    await waitUntilSignInReady(page)
    await page.getByLabel('Email').fill('nobody@roles.test')
    await page.getByLabel('Password').fill('wrong-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('alert').textContent()).resolves.toContain('do not match an active account')
    await screenshot(page, 'sign-in-error-desktop')
    await page.close()
  })

  for (const role of ROLES) {
    it(`shows ${role} their home and only their navigation`, async () => {
      for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
        const context = await browser.newContext({ viewport })
        const page = await context.newPage()
        await signInAs(page, server.url, `${role}@roles.test`, TEST_PASSWORD)
        expect(new URL(page.url()).pathname).toBe(roleHome(role))
        if (size === 'phone') {
          await page.getByRole('button', { name: /^Menu/ }).click()
          await page.getByRole('button', { name: /^Menu/, expanded: true }).waitFor()
        }
        const nav = page.getByRole('navigation', { name: 'Main' })
        // The role's links appear (after sign-in the home may still be rendering), then none of the others.
        for (const item of navFor(role)) await nav.getByRole('link', { name: item.label, exact: true }).waitFor({ timeout: 10_000 })
        for (const item of NAV_ITEMS) {
          const link = nav.getByRole('link', { name: item.label, exact: true })
          await expect(link.count(), `${role} ${item.label}`).resolves.toBe(navFor(role).includes(item) ? 1 : 0)
        }
        await page.waitForLoadState('networkidle')
        await expect(page.evaluate(() => document.documentElement.scrollWidth), `${role} home is wider than the screen`).resolves.toBeLessThanOrEqual(viewport.width)
        await screenshot(page, `home-${role}-${size}`)
        // A page the role can't use sends it home instead.
        if (role === 'staff') {
          await page.goto(`${server.url}/admin/users`)
          await page.waitForURL(url => url.pathname === roleHome('staff'))
        }
        await context.close()
      }
    })
  }
})
