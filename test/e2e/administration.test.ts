import { writeFileSync, mkdirSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, TEST_PASSWORD } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, signInAs } from '../support/browser'
import { startServer, type TestServer } from '../support/server'

describe('administration in the browser', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, [
      { email: 'admin@admin.test', role: 'admin', name: 'Ada Admin', department: 'people-and-training' },
      { email: 'hr@admin.test', role: 'hr', name: 'Hal Human', department: 'people-and-training' },
      { email: 'sam@admin.test', role: 'staff', name: 'Sam Staff', department: 'retail-floor' },
    ])
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('adds a person, with field errors first, and finds them in the list', async () => {
    const page = await browser.newPage({ viewport: DESKTOP })
    await signInAs(page, server.url, 'admin@admin.test', TEST_PASSWORD)
    await page.goto(`${server.url}/admin/users/new`)
    await page.getByLabel('Name').waitFor()
    await page.waitForLoadState('networkidle')
    await page.getByRole('button', { name: 'Create person' }).click()
    await page.getByText('Email must be an email address').waitFor()
    await screenshot(page, 'admin-new-person-errors')
    await page.getByLabel('Name').fill('Rita Rowe')
    await page.getByLabel('Email').fill('rita@admin.test')
    await page.getByLabel('Department').selectOption('retail-floor')
    await page.getByLabel('Job role').fill('Cashier')
    await page.getByRole('button', { name: 'Create person' }).click()
    // No SMTP server in this test: the page says the invitation did not go out.
    await page.getByText('The person has been created. E-mail is off, so no invitation went out').waitFor()
    await page.getByRole('button', { name: 'Send a new invitation' }).waitFor()
    await page.goto(`${server.url}/admin/users`)
    await page.getByLabel('Search by name or email').fill('rowe')
    await expect.poll(() => page.locator('tbody tr').count(), { timeout: 5000 }).toBe(1)
    await page.getByRole('link', { name: 'Rita Rowe' }).waitFor()
    await screenshot(page, 'admin-people-search')
    await page.close()
  })

  it('previews a broken CSV import with per-row errors and imports nothing', async () => {
    mkdirSync('test-results', { recursive: true })
    const file = 'test-results/broken-staff.csv'
    writeFileSync(file, 'name,email,department,job role,start date\nLena Ortiz,lena@admin.test,retail-floor,Cashier,2026-11-10\nNo Email,,retail-floor,Cashier,2026-11-10\nOdd Team,odd@admin.test,nowhere,Cashier,2026-11-10\n')
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const page = await browser.newPage({ viewport })
      await signInAs(page, server.url, 'hr@admin.test', TEST_PASSWORD)
      await page.goto(`${server.url}/admin/import`)
      await page.waitForLoadState('networkidle')
      await page.getByLabel('CSV file').setInputFiles(file)
      await page.getByText('1 row ready, 2 with errors').waitFor()
      await expect(page.getByText('there is no department "nowhere"').count()).resolves.toBe(1)
      await expect(page.getByRole('button', { name: /^Import/ }).count()).resolves.toBe(0)
      await screenshot(page, `admin-import-preview-${size}`)
      await page.close()
    }
  })

  it('lets an admin add a department', async () => {
    const page = await browser.newPage({ viewport: DESKTOP })
    await signInAs(page, server.url, 'admin@admin.test', TEST_PASSWORD)
    await page.goto(`${server.url}/admin/departments`)
    await page.waitForLoadState('networkidle')
    await page.getByLabel('Name', { exact: true }).fill('Online Shop')
    await expect(page.getByLabel('Id', { exact: true }).inputValue()).resolves.toBe('online-shop')
    await page.getByRole('button', { name: 'Add department' }).click()
    await page.getByText('Online Shop added.').waitFor()
    await expect.poll(() => page.getByRole('cell', { name: 'online-shop' }).count(), { timeout: 5000 }).toBe(1)
    await screenshot(page, 'admin-departments')
    await page.close()
  })
})
