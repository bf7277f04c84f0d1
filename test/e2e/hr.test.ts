import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '../../shared/utils/csv'
import { createPeople, signIn, TEST_PASSWORD, type TestPerson } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, signInAs } from '../support/browser'
import { DAY, completePath } from '../support/hr'
import { completeCourse, library } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

// HR's journey: the overview, a department, one person, and a CSV download whose
// contents match what the page shows.

describe('HR dashboards in chromium', () => {
  let server: TestServer
  let browser: Browser
  let people: TestPerson[]
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY)

  beforeAll(async () => {
    server = await startServer()
    people = await createPeople(server.databaseUri, [
      { email: 'admin@hr-e2e.test', role: 'admin', department: 'people-team', jobRole: 'Operations manager', startDate: daysAgo(300) },
      { email: 'hr@hr-e2e.test', role: 'hr', name: 'Harriet HR', department: 'people-team', jobRole: 'HR adviser', startDate: daysAgo(200) },
      { email: 'amy@hr-e2e.test', role: 'staff', name: 'Amy Archer', department: 'retail-floor', jobRole: 'Sales associate', startDate: daysAgo(20) },
      { email: 'bo@hr-e2e.test', role: 'staff', name: 'Bo Baker, "BB"', department: 'retail-floor', jobRole: 'Cashier', startDate: daysAgo(10) },
      { email: 'cal@hr-e2e.test', role: 'staff', name: 'Cal Carter', department: 'retail-floor', jobRole: 'Cashier', startDate: daysAgo(50) },
      { email: 'dee@hr-e2e.test', role: 'staff', name: 'Dee Dunn', department: 'retail-floor', jobRole: 'Sales associate', startDate: daysAgo(2) },
      { email: 'eli@hr-e2e.test', role: 'staff', name: 'Eli Evans', department: 'contact-centre', jobRole: 'Contact-centre agent', startDate: daysAgo(15) },
      { email: 'fay@hr-e2e.test', role: 'staff', name: 'Fay Ford', department: 'after-sales', jobRole: 'Service technician', startDate: daysAgo(70) },
    ])
    const admin = await signIn(server, 'admin@hr-e2e.test')
    for (const p of people) expect((await admin.json(`/api/users/${p.id}`, { method: 'PATCH', body: { name: p.name } })).status).toBe(200)
    await Promise.all([
      signIn(server, 'amy@hr-e2e.test').then(l => completePath(l, 'new-staff-essentials')),
      signIn(server, 'bo@hr-e2e.test').then(l => completeCourse(l, 'why-service-matters')),
      signIn(server, 'eli@hr-e2e.test').then(l => completePath(l, 'new-staff-essentials')),
      signIn(server, 'fay@hr-e2e.test').then(l => completeCourse(l, 'after-sales-service')),
    ])
    browser = await launchBrowser()
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function overview(page: Page) {
    await signInAs(page, server.url, 'hr@hr-e2e.test', TEST_PASSWORD)
    expect(new URL(page.url()).pathname).toBe('/hr')
    await page.getByRole('heading', { name: 'Onboarding and certification' }).waitFor()
    // The charts draw on the client: wait for both canvases.
    await page.locator('figure canvas').nth(1).waitFor()
  }

  it('opens the overview, drills into a department and a person, and downloads the department CSV', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' || /hydration/i.test(message.text())) problems.push(message.text())
    })
    await overview(page)
    const table = page.getByRole('table', { name: /by department/ })
    const retail = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'Retail Floor' }) })
    // Amy certified; Bo on track; Cal overdue; Dee not started.
    await expect(retail.getByRole('cell').allTextContents()).resolves.toEqual(['4', '25% (1)', '25% (1)', '1', '1', '1', '0'])
    const totals = table.getByRole('row').filter({ hasText: 'All departments' })
    await expect(totals.getByRole('cell').first().textContent()).resolves.toBe('8')
    await expect(page.getByRole('img', { name: /Bar chart of onboarding/ }).count()).resolves.toBe(1)
    // Onboarded and certified now agree everywhere: one bar each, and the caption says so.
    await page.getByText('All onboarded staff are certified now.').waitFor()
    await expect(page.getByRole('img', { name: /Retail Floor: 25% onboarded, all of them certified now/ }).count()).resolves.toBe(1)
    await screenshot(page, 'hr-overview-desktop')

    await retail.getByRole('link', { name: 'Retail Floor' }).click()
    await page.waitForURL(/\/hr\/departments\/retail-floor/)
    await page.getByRole('heading', { name: 'Retail Floor' }).waitFor()
    const people = page.getByRole('table', { name: /People of Retail Floor/ })
    await expect(people.locator('tbody tr').count()).resolves.toBe(4)

    // Sort by progress, highest first, then filter by job role.
    await people.getByRole('button', { name: /^Progress/ }).click()
    await page.waitForURL(/sort=progress/)
    await people.getByRole('button', { name: /^Progress/ }).click()
    await page.waitForURL(/sort=-progress/)
    await expect(people.locator('tbody th a').first().textContent()).resolves.toContain('Amy Archer')
    await page.getByLabel('Job role').selectOption('Cashier')
    await page.waitForURL(/jobRole=Cashier/)
    await expect.poll(() => people.locator('tbody tr').count()).toBe(2)
    expect((await people.locator('tbody th a').allTextContents()).map(s => s.trim())).toEqual(['Bo Baker, "BB"', 'Cal Carter'])
    await screenshot(page, 'hr-department-desktop')

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download CSV/ }).click()])
    expect(download.suggestedFilename()).toMatch(/^retail-floor-people-\d{4}-\d{2}-\d{2}\.csv$/)
    const text = await new Response((await download.createReadStream()) as unknown as ReadableStream).text()
    const [header, ...rows] = parseCsv(text)
    expect(header!.slice(0, 6)).toEqual(['Name', 'Email', 'Job role', 'Start date', 'Status', 'Progress (%)'])
    expect(rows.map(r => [r[0], r[2], r[4]])).toEqual([['Bo Baker, "BB"', 'Cashier', 'On track'], ['Cal Carter', 'Cashier', 'Overdue']])
    expect(text).toContain('"Bo Baker, ""BB"""')
    for (const row of rows) expect(row[3]).toMatch(/^\d{4}-\d{2}-\d{2}$/)

    await people.getByRole('link', { name: 'Bo Baker, "BB"' }).click()
    await page.waitForURL(/\/hr\/people\//)
    await page.getByRole('heading', { level: 1, name: 'Bo Baker, "BB"' }).waitFor()
    await expect(page.getByRole('heading', { name: 'New staff essentials' }).count()).resolves.toBe(1)
    await expect(page.getByRole('table', { name: /Lessons read/ }).locator('tbody tr').count()).resolves.toBeGreaterThan(0)
    await screenshot(page, 'hr-person-desktop')
    expect(problems).toEqual([])
    await context.close()
  })

  // One passed attempt per quiz, and one run per role-play, of the path Amy finished.
  const newStaffPath = library.paths.get('new-staff-essentials')!.definition.requires

  it('shows a person\'s quiz scores, role-play skill scores and certificate', async () => {
    const context = await browser.newContext({ viewport: DESKTOP })
    const page = await context.newPage()
    await signInAs(page, server.url, 'hr@hr-e2e.test', TEST_PASSWORD)
    await page.goto(`${server.url}/hr/people/${people.find(p => p.email === 'amy@hr-e2e.test')!.id}`)
    await page.getByRole('heading', { level: 1, name: 'Amy Archer' }).waitFor()
    await expect(page.getByRole('table', { name: /Quiz attempts/ }).getByText('✓ Passed').count()).resolves.toBe(newStaffPath.quizzes.length)
    await expect(page.getByRole('table', { name: /Role-play runs/ }).locator('tbody tr').count()).resolves.toBe(newStaffPath.scenarios.length)
    await expect(page.getByRole('table', { name: /Certificates/ }).getByText('Valid').count()).resolves.toBe(1)
    await screenshot(page, 'hr-person-complete-desktop')

    const onboardedIn = async (slug: string) => ((await (await page.request.get(`${server.url}/api/hr/overview`)).json()) as { departments: { slug: string, onboarded: number, complete: number }[] }).departments.find(d => d.slug === slug)!
    const amyDepartment = (await (await page.request.get(`${server.url}/api/hr/people/${people.find(p => p.email === 'amy@hr-e2e.test')!.id}`)).json()).person.department.slug as string
    const before = await onboardedIn(amyDepartment)
    await expect(page.getByText(/^Not onboarded:/).count()).resolves.toBe(0)

    // HR revokes it, giving a reason; the public verification page then says so.
    await page.getByRole('button', { name: /^Revoke / }).click()
    await page.getByRole('button', { name: 'Revoke certificate' }).click()
    await page.getByText('Why is it revoked? say why the certificate is revoked').waitFor()
    await page.getByLabel('Why is it revoked?').fill('Issued before the path was finished')
    await page.getByRole('button', { name: 'Revoke certificate' }).click()
    await page.getByRole('table', { name: /Certificates/ }).getByText(/^Revoked /).waitFor()
    // A revoked certificate never met the requirement: the person is no longer onboarded, the
    // page says why, and the overview counts one fewer onboarded and certified in the department.
    await page.getByText('Not onboarded: the ').filter({ hasText: 'Issued before the path was finished' }).waitFor()
    await page.getByRole('table', { name: /Certificates/ }).getByText('Reason: Issued before the path was finished').waitFor()
    await screenshot(page, 'hr-person-revoked-desktop')
    await page.setViewportSize(PHONE)
    await screenshot(page, 'hr-person-revoked-phone')
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width)
    const after = await onboardedIn(amyDepartment)
    expect({ onboarded: after.onboarded, complete: after.complete }).toEqual({ onboarded: before.onboarded - 1, complete: before.complete - 1 })
    const code = (await page.getByRole('table', { name: /Certificates/ }).getByRole('link').first().getAttribute('href'))!.split('/').at(-1)!
    const verification = await (await fetch(`${server.url}/api/verify/${code}`)).json()
    expect(verification.status).toBe('revoked')
    await context.close()
  })

  it('works on a phone: overview, department cards, action lists', async () => {
    const context = await browser.newContext({ viewport: PHONE })
    const page = await context.newPage()
    await overview(page)
    // Nothing widens the page: wide tables scroll inside their own box.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width)
    await screenshot(page, 'hr-overview-phone')
    await page.goto(`${server.url}/hr/departments/retail-floor`)
    await page.getByRole('heading', { name: 'Retail Floor' }).waitFor()
    // Each row is a card whose cells name their column.
    const firstStatus = page.locator('tbody tr').first().locator('td[data-label="Status"]')
    await expect(firstStatus.isVisible()).resolves.toBe(true)
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(PHONE.width)
    await screenshot(page, 'hr-department-phone')
    await page.goto(`${server.url}/hr/lists`)
    await page.getByRole('table', { name: /Overdue/ }).waitFor()
    await expect(page.getByRole('table', { name: /Overdue/ }).locator('tbody th a').allTextContents()).resolves.toContainEqual(expect.stringContaining('Cal Carter'))
    await screenshot(page, 'hr-lists-phone')
    await context.close()
  })
  it('compares two periods and prints the dashboard and a person\'s record', async () => {
    const context = await browser.newContext({ viewport: DESKTOP })
    const page = await context.newPage()
    await overview(page)
    // The last 30 days against the 30 before: each change is written out, not only coloured.
    const started = page.locator('dl.figures > div').filter({ has: page.locator('dt', { hasText: /^Started$/ }) })
    await started.getByText(/than the previous 30 days|same as the previous 30 days/).waitFor()
    await page.getByLabel('Period').selectOption('90d')
    await page.waitForURL(/period=90d/)
    await started.getByText(/previous 90 days/).waitFor()
    // Custom dates: the last 60 days, compared with the 60 before.
    await page.getByLabel('Period').selectOption('custom')
    const iso = (d: Date) => d.toISOString().slice(0, 10)
    await page.getByLabel('From').fill(iso(daysAgo(59)))
    await page.getByLabel('To').fill(iso(daysAgo(0)))
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL(/period=custom/)
    await started.getByText(/previous 60 days/).waitFor()
    // Amy, Bo, Cal, Dee and Eli started within the last 60 days.
    await expect(started.locator('.value').textContent()).resolves.toBe('5')
    await screenshot(page, 'hr-period-desktop')

    // Turned to a phone and back (a resize, as a rotation is): the charts follow their boxes and
    // the page never scrolls sideways.
    const chartWidths = () => page.locator('figure canvas').evaluateAll(canvases => canvases.map(c => Math.round(c.getBoundingClientRect().width)))
    const desktopWidths = await chartWidths()
    await page.setViewportSize(PHONE)
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    await expect.poll(async () => Math.max(...await chartWidths())).toBeLessThan(PHONE.width)
    await screenshot(page, 'hr-period-phone-after-resize')
    await page.setViewportSize(DESKTOP)
    await expect.poll(async () => (await chartWidths()).every((w, i) => Math.abs(w - desktopWidths[i]!) <= 2)).toBe(true)
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(DESKTOP.width)

    await page.emulateMedia({ media: 'print' })
    await expect(page.locator('.topbar').isVisible()).resolves.toBe(false)
    await expect(page.getByRole('button', { name: 'Print' }).isVisible()).resolves.toBe(false)
    await expect(page.getByLabel('Period').isVisible()).resolves.toBe(false)
    await expect(page.getByRole('heading', { name: 'Onboarding and certification' }).isVisible()).resolves.toBe(true)
    // A sortable header prints as its plain label: no button, no arrow.
    const headers = page.getByRole('table', { name: /by department/ }).locator('thead th')
    await expect(headers.first().getByRole('button').isVisible()).resolves.toBe(false)
    await expect(headers.evaluateAll(cells => cells.map(cell => (cell as HTMLElement).innerText.trim())))
      .resolves.toEqual(['Department', 'People', 'Onboarded', 'Certified now', 'On track', 'Overdue', 'Not started', 'Expiring soon'])
    await screenshot(page, 'hr-period-print')

    // A person's record prints without navigation or buttons.
    await page.emulateMedia({ media: 'screen' })
    await page.goto(`${server.url}/hr/people/${people.find(p => p.email === 'amy@hr-e2e.test')!.id}`)
    await page.getByRole('button', { name: 'Print this record' }).waitFor()
    await page.emulateMedia({ media: 'print' })
    await expect(page.getByRole('button', { name: 'Print this record' }).isVisible()).resolves.toBe(false)
    await expect(page.locator('.topbar').isVisible()).resolves.toBe(false)
    await expect(page.getByRole('heading', { level: 1, name: 'Amy Archer' }).isVisible()).resolves.toBe(true)
    // The actions (reminder, remedies) are not part of the record: no form on paper.
    await expect(page.getByRole('heading', { name: 'Help this person' }).isVisible()).resolves.toBe(false)
    await expect(page.locator('main :is(input, select, textarea):visible').count()).resolves.toBe(0)
    await screenshot(page, 'hr-person-print')
    await context.close()
  })
})
