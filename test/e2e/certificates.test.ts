import { Types } from 'mongoose'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, openDatabase, TEST_PASSWORD, type TestPerson } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, signInAs } from '../support/browser'
import { logoPng } from '../support/images'
import { readPdf } from '../support/pdf'
import { renderPdf } from '../support/pdf-render'
import { startServer, type TestServer } from '../support/server'

// An admin gives certificates the organisation's name, logo and signatory; the holder sees
// them on the certificate page and in the PDF (drawn at print size to look at); anyone
// checking the code sees who issued it.

const CODE = 'CERTE2EAAAAAAAAAAAAAAAAAAA'

describe('certificates in chromium', () => {
  let server: TestServer
  let browser: Browser
  let people: TestPerson[]

  beforeAll(async () => {
    server = await startServer()
    people = await createPeople(server.databaseUri, [
      { email: 'admin@cert-e2e.test', role: 'admin', name: 'Alex Admin' },
      { email: 'maria@cert-e2e.test', role: 'staff', name: 'Maria-Fernanda Oyelaran-Whitcombe' },
    ])
    const db = await openDatabase(server.databaseUri)
    await db.collection('certificates').insertOne({
      _id: CODE as never, code: CODE, user: new Types.ObjectId(people[1]!.id), holderName: 'Maria-Fernanda Oyelaran-Whitcombe',
      path: 'contact-centre-certification', pathTitle: 'Contact centre certification', name: 'Contact Centre Certificate',
      cycle: 1, issuedAt: new Date('2026-11-20T09:30:00Z'), expiresAt: new Date('2028-11-20T09:30:00Z'),
    })
    await db.close()
    browser = await launchBrowser()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

  it('an admin sets the organisation name, signatory and logo, refusing a file that is not a PNG or JPEG', async () => {
    const context = await browser.newContext({ viewport: DESKTOP })
    const page = await context.newPage()
    await signInAs(page, server.url, 'admin@cert-e2e.test', TEST_PASSWORD)
    await page.getByRole('link', { name: 'Organisation' }).click()
    await page.getByRole('heading', { name: 'Organisation', level: 1 }).waitFor()
    await page.getByLabel('Organisation name').fill('Harbour & Hill Retail')
    await page.getByLabel('Signatory\'s name').fill('Dr. Amaka Obi')
    await page.getByLabel('Signatory\'s role').fill('Director of People and Training')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByText('Saved.').waitFor()

    await page.getByLabel('Upload a logo').setInputFiles({ name: 'logo.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') })
    await page.getByRole('button', { name: 'Upload logo' }).click()
    await page.getByRole('alert').getByText('The logo must be a PNG or JPEG image.').waitFor()
    // A file that claims to be a PNG but is not one: the server says so.
    await page.getByLabel('Upload a logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('not really a picture') })
    await page.getByRole('button', { name: 'Upload logo' }).click()
    await page.getByRole('alert').getByText(/The image is not a PNG or JPEG file/).waitFor()

    await page.getByLabel('Upload a logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logoPng(360, 120) })
    await page.getByRole('button', { name: 'Upload logo' }).click()
    await page.getByText('Logo saved.').waitFor()
    const preview = page.getByRole('img', { name: 'The organisation\'s current logo' })
    await preview.waitFor()
    expect(await preview.evaluate(img => (img as HTMLImageElement).naturalWidth)).toBe(360)
    await screenshot(page, 'certificates-1-admin-organisation-desktop')
    await page.setViewportSize(PHONE)
    expect(await noSidewaysScroll(page)).toBe(true)
    await screenshot(page, 'certificates-1-admin-organisation-phone')
    await context.close()
  })

  it('the holder sees the issuer, signatory, dates and QR code, and the PDF prints them', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true })
    const page = await context.newPage()
    await signInAs(page, server.url, 'maria@cert-e2e.test', TEST_PASSWORD)
    await page.goto(`${server.url}/certificates/${CODE}`)
    const certificate = page.getByRole('article', { name: 'Contact Centre Certificate' })
    await certificate.waitFor()
    const text = (await certificate.textContent())!.replace(/\s+/g, ' ')
    for (const expected of ['Harbour & Hill Retail', 'This certifies that', 'Maria-Fernanda Oyelaran-Whitcombe', 'has completed the learning path “Contact centre certification”.', 'Dr. Amaka Obi', 'Director of People and Training', '20 November 2026', '20 November 2028', CODE]) {
      expect(text).toContain(expected)
    }
    const logo = certificate.getByRole('img', { name: 'Harbour & Hill Retail logo' })
    await expect(logo.evaluate(img => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth)).resolves.toBe(360)
    await certificate.getByRole('img', { name: /QR code/ }).waitFor()
    await screenshot(page, 'certificates-2-page-desktop')
    await page.setViewportSize(PHONE)
    expect(await noSidewaysScroll(page)).toBe(true)
    await screenshot(page, 'certificates-2-page-phone')

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()])
    const pdf = Buffer.from(await (await download.createReadStream()).toArray().then(chunks => Buffer.concat(chunks)))
    const [first] = await readPdf(pdf)
    expect(first!.compact).toContain('HARBOUR&HILLRETAIL')
    expect(first!.text).toEqual(expect.arrayContaining(['Contact Centre Certificate', 'Dr. Amaka Obi', '20 November 2028']))
    expect(first!.images).toBe(1)
    // At 150 dpi, A4 landscape is 1754 × 1240 pixels.
    const size = await renderPdf(browser, pdf, 'certificates-3-pdf-150dpi', 150)
    expect(size.split('x').map(n => Math.round(Number(n)))).toEqual([1754, 1240])
    await context.close()
  })

  it('the public verification page says who issued the certificate, on a phone too', async () => {
    const page = await browser.newPage({ viewport: PHONE })
    await page.goto(`${server.url}/verify/${CODE}`)
    await page.getByText('Valid certificate').waitFor()
    const main = (await page.locator('main').textContent())!.replace(/\s+/g, ' ')
    expect((await page.locator('dt', { hasText: 'Issued by' }).locator('xpath=following-sibling::dd[1]').textContent())!.trim()).toBe('Harbour & Hill Retail')
    expect(main).not.toContain('maria@cert-e2e.test')
    await page.getByRole('img', { name: 'Harbour & Hill Retail logo' }).waitFor()
    expect(await noSidewaysScroll(page)).toBe(true)
    await screenshot(page, 'certificates-4-verify-phone')
    await page.close()
  })
})
