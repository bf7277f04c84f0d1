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
      // Updated by the import test, one pair at each width; Una is already as in the file.
      { email: 'pat.desktop@admin.test', role: 'staff', name: 'Pat Payne', department: 'retail-floor', jobRole: 'Cashier', startDate: new Date('2026-10-05') },
      { email: 'quinn.desktop@admin.test', role: 'staff', name: 'Quinn Quade', department: 'contact-centre', jobRole: 'Contact-centre agent', startDate: new Date('2026-08-14') },
      { email: 'una.desktop@admin.test', role: 'staff', name: 'Una Same', department: 'retail-floor', jobRole: 'Cashier', startDate: new Date('2026-11-02') },
      { email: 'pat.phone@admin.test', role: 'staff', name: 'Pat Payne', department: 'retail-floor', jobRole: 'Cashier', startDate: new Date('2026-10-05') },
      { email: 'quinn.phone@admin.test', role: 'staff', name: 'Quinn Quade', department: 'contact-centre', jobRole: 'Contact-centre agent', startDate: new Date('2026-08-14') },
      { email: 'una.phone@admin.test', role: 'staff', name: 'Una Same', department: 'retail-floor', jobRole: 'Cashier', startDate: new Date('2026-11-02') },
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
    writeFileSync(file, 'name,email,department,job role,start date\nLena Ortiz,lena@admin.test,retail-floor,Cashier,2026-11-10\nNo Email,,retail-floor,Cashier,2026-11-10\nOdd Team,odd@admin.test,nowhere,Cashier,2026-11-10\nNo Such Day,noday@admin.test,Retail Floor,Cashier,31/11/2026\n')
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const page = await browser.newPage({ viewport })
      await signInAs(page, server.url, 'hr@admin.test', TEST_PASSWORD)
      await page.goto(`${server.url}/admin/import`)
      await page.waitForLoadState('networkidle')
      await page.getByLabel('CSV file').setInputFiles(file)
      await page.getByText('1 row ready, 3 with errors').waitFor()
      await expect(page.getByText('there is no department "nowhere"').count()).resolves.toBe(1)
      await expect(page.getByText('"31/11/2026" is not a real date when read as day, month, year').count()).resolves.toBe(1)
      await expect(page.getByRole('button', { name: /^Import/ }).count()).resolves.toBe(0)
      await screenshot(page, `admin-import-preview-${size}`)
      await page.close()
    }
  })

  it('imports a file with department names and the organisation\'s dates: previews each change, then adds one person and updates two', async () => {
    mkdirSync('test-results', { recursive: true })
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const file = `test-results/staff-update-${size}.csv`
      writeFileSync(file, [
        'Name,E-mail,Department,Job role,Start date',
        `Pat Payne-Lee,pat.${size}@admin.test,Contact Centre,Team leader,03/11/2026`,
        `Quinn Quade,QUINN.${size}@admin.test,retail floor,Contact-centre agent,1 Oct 2026`,
        `Una Same,una.${size}@admin.test,Retail Floor,Cashier,2026-11-02`,
        `Nell New ${size},nell.${size}@admin.test,RETAIL FLOOR,Cashier,01/12/2026`,
      ].join('\r\n'))
      const page = await browser.newPage({ viewport })
      await signInAs(page, server.url, 'admin@admin.test', TEST_PASSWORD)
      await page.goto(`${server.url}/admin/import`)
      await page.waitForLoadState('networkidle')
      await page.getByLabel('CSV file').setInputFiles(file)
      await page.getByText('Every row is right: 1 to add, 2 to update, 1 already as in the file.').waitFor()
      // Each change, old → new, before anything is written.
      const change = (text: string) => page.locator('.changes li', { hasText: text }).count()
      await expect(change('Name: Pat Payne → Pat Payne-Lee')).resolves.toBe(1)
      await expect(change('Department: Retail Floor → Contact Centre')).resolves.toBe(1)
      await expect(change('Job role: Cashier → Team leader')).resolves.toBe(1)
      await expect(change('Start date: 5 Oct 2026 → 3 Nov 2026')).resolves.toBe(1)
      await expect(change('Department: Contact Centre → Retail Floor')).resolves.toBe(1)
      await expect(change('Start date: 14 Aug 2026 → 1 Oct 2026')).resolves.toBe(1)
      await expect(page.locator('.changes li').count()).resolves.toBe(6)
      const rowOf = (text: string) => page.locator('tbody tr', { hasText: text })
      await expect(rowOf(`una.${size}@admin.test`).innerText()).resolves.toContain('No change')
      await expect(rowOf(`nell.${size}@admin.test`).innerText()).resolves.toMatch(/New[\s\S]*Retail Floor[\s\S]*1 Dec 2026/)
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(viewport.width)
      await screenshot(page, `admin-import-update-preview-${size}`)

      await page.getByRole('button', { name: 'Import: add 1 person and update 2 people' }).click()
      await page.getByText('Added 1 person, updated 2 people.').waitFor()
      await screenshot(page, `admin-import-update-done-${size}`)

      await page.goto(`${server.url}/admin/users?q=${size}%40admin.test`)
      await page.waitForLoadState('networkidle')
      const person = (email: string) => page.locator('tbody tr', { hasText: email })
      await expect.poll(() => page.locator('tbody tr').count(), { timeout: 5000 }).toBe(4)
      const pat = await person(`pat.${size}@admin.test`).innerText()
      expect(pat).toMatch(/Pat Payne-Lee[\s\S]*Contact Centre[\s\S]*Team leader[\s\S]*3 Nov 2026/)
      expect(await person(`quinn.${size}@admin.test`).innerText()).toMatch(/Quinn Quade[\s\S]*Retail Floor[\s\S]*Contact-centre agent[\s\S]*1 Oct 2026/)
      expect(await person(`una.${size}@admin.test`).innerText()).toMatch(/Una Same[\s\S]*Retail Floor[\s\S]*Cashier[\s\S]*2 Nov 2026/)
      expect(await person(`nell.${size}@admin.test`).innerText()).toMatch(new RegExp(`Nell New ${size}[\\s\\S]*Staff[\\s\\S]*Retail Floor[\\s\\S]*Cashier[\\s\\S]*1 Dec 2026`))
      // The people table fits a phone: no sideways page scroll, one card per person.
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(viewport.width)
      await screenshot(page, `admin-people-imported-${size}`)
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
