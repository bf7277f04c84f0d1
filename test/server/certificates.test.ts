import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatDate } from '../../shared/utils/format'
import { createPeople, openDatabase, signIn, type SignedIn, type TestPerson } from '../support/accounts'
import { dataUrl, jpegHeader, logoPng } from '../support/images'
import { readPdf } from '../support/pdf'
import { startServer, type TestServer } from '../support/server'

// A certificate as its holder, an employer checking it and the printer see it: the
// organisation and its logo, the holder, the path in a sentence, the dates, the signatory
// and the QR code, all from the admin's settings.

const CODE = 'CERTTESTAAAAAAAAAAAAAAAAAA'
const issuedAt = new Date('2026-03-14T10:00:00Z')
const expiresAt = new Date('2027-03-14T10:00:00Z')

describe('certificates carry the organisation', () => {
  let server: TestServer
  let people: TestPerson[]
  let admin: SignedIn
  let holder: SignedIn

  beforeAll(async () => {
    server = await startServer()
    people = await createPeople(server.databaseUri, [
      { email: 'admin@cert.test', role: 'admin' },
      { email: 'pat@cert.test', role: 'staff', name: 'Pat Quinn' },
    ])
    const db = await openDatabase(server.databaseUri)
    await db.collection('certificates').insertOne({
      _id: CODE as never, code: CODE, user: new Types.ObjectId(people[1]!.id), holderName: 'Pat Quinn',
      path: 'new-staff-essentials', pathTitle: 'New staff essentials', name: 'Customer Service Essentials',
      cycle: 1, issuedAt, expiresAt,
    })
    await db.close()
    admin = await signIn(server, 'admin@cert.test')
    holder = await signIn(server, 'pat@cert.test')
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
  })

  it('prints the default organisation and no signatory or logo before an admin sets them', async () => {
    const pdf = await holder.fetch(`/api/certificates/${CODE}/pdf`)
    expect(pdf.status).toBe(200)
    const [page] = await readPdf(new Uint8Array(await pdf.arrayBuffer()))
    expect(page!.compact).toContain('YOURORGANISATION')
    expect(page!.text).toContain('Issued by')
    expect(page!.images).toBe(0)
    expect((await server.fetch('/api/organisation/logo')).status).toBe(404)
  })

  it('refuses a logo that is not a PNG or JPEG within bounds, naming what is wrong', async () => {
    const cases: [string, number, RegExp][] = [
      [dataUrl(Buffer.from('GIF89a\x10\x00\x10\x00', 'latin1'), 'image/png'), 400, /not a PNG or JPEG/],
      [`data:image/gif;base64,${Buffer.from('GIF89a').toString('base64')}`, 400, /PNG or JPEG/],
      [dataUrl(logoPng(1500, 200)), 400, /at most 1000 × 1000/],
      [dataUrl(Buffer.concat([logoPng(), Buffer.alloc(305_000)])), 400, /300 KB/],
      [dataUrl(Buffer.alloc(600_000)), 413, /KB/],
    ]
    for (const [image, status, message] of cases) {
      const res = await admin.json<{ statusMessage: string, data?: { fields: { field: string, message: string }[] } }>('/api/organisation/logo', { method: 'PUT', body: { image } })
      expect(res.status, image.slice(0, 40)).toBe(status)
      expect(JSON.stringify(res.body)).toMatch(message)
    }
    expect((await server.fetch('/api/organisation/logo')).status).toBe(404)
  })

  it('puts the organisation, logo, signatory, sentence, dates and QR code on the PDF', async () => {
    const settings = await admin.json('/api/mail/settings', { method: 'PUT', body: { organisationName: 'Northwind Care', signatoryName: 'Jo Park', signatoryRole: 'Head of Training' } })
    expect(settings.status).toBe(200)
    const logo = logoPng(300, 100)
    const upload = await admin.json<{ logo: { url: string, width: number, height: number } }>('/api/organisation/logo', { method: 'PUT', body: { image: dataUrl(logo) } })
    expect(upload.status).toBe(200)
    expect(upload.body.logo).toMatchObject({ width: 300, height: 100 })

    // The logo is served as stored, to anyone (the verification page is public).
    const served = await server.fetch(upload.body.logo.url)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await served.arrayBuffer()).equals(logo)).toBe(true)

    const pdf = await holder.fetch(`/api/certificates/${CODE}/pdf`)
    const [page] = await readPdf(new Uint8Array(await pdf.arrayBuffer()))
    // A4 landscape: 297 × 210 mm.
    expect([Math.round(page!.width), Math.round(page!.height)]).toEqual([842, 595])
    const text = page!.text.join('\n')
    for (const expected of [
      'Customer Service Essentials', 'This certifies that', 'Pat Quinn',
      'has completed the learning path “New staff essentials”.',
      'Issued', formatDate(issuedAt, 'long'), 'Valid until', formatDate(expiresAt, 'long'),
      'Jo Park', 'Head of Training', 'for Northwind Care', CODE, `Check this certificate at ${server.url}/verify/${CODE}`,
    ]) expect(page!.text, expected).toContain(expected)
    expect(page!.compact).toContain('NORTHWINDCARE')
    expect(text).not.toMatch(/holds the/)
    // The logo is drawn as an image; the QR code is drawn as vector squares.
    expect(page!.images).toBe(1)
  })

  it('shows the issuer and the QR code on the certificate page, and the issuer on the public verification', async () => {
    const page = await holder.json<{ issuer: { organisation: string, logoUrl: string, signatory: { name: string, role: string } }, qrCode: string }>(`/api/certificates/${CODE}`)
    expect(page.status).toBe(200)
    expect(page.body.issuer).toMatchObject({ organisation: 'Northwind Care', signatory: { name: 'Jo Park', role: 'Head of Training' } })
    expect(page.body.issuer.logoUrl).toMatch(/^\/api\/organisation\/logo\?v=\d+$/)
    expect(page.body.qrCode).toMatch(/^data:image\/png;base64,/)

    const verify = await server.fetch(`/api/verify/${CODE}`)
    const body = await verify.json()
    expect(body.issuer).toMatchObject({ organisation: 'Northwind Care' })
    expect(JSON.stringify(body)).not.toContain('pat@cert.test')

    // The public page, rendered on the server for a signed-out visitor, names the issuer.
    const html = await (await server.fetch(`/verify/${CODE}`)).text()
    expect(html).toContain('Issued by')
    expect(html).toContain('Northwind Care')
    expect(html).toContain(formatDate(expiresAt, 'long'))
  })

  it('prints the public address (APP_URL) on the certificate, whatever host name the request used', async () => {
    // The test server's APP_URL names 127.0.0.1; ask through another name for the same server.
    const viaOtherName = server.url.replace('127.0.0.1', 'localhost')
    const res = await fetch(`${viaOtherName}/api/certificates/${CODE}`, { headers: { cookie: holder.cookie } })
    expect(res.status).toBe(200)
    expect((await res.json()).verifyUrl).toBe(`${server.url}/verify/${CODE}`)
  })

  it('accepts a JPEG logo, and removing the logo takes it off the certificate', async () => {
    expect((await admin.json('/api/organisation/logo', { method: 'PUT', body: { image: dataUrl(jpegHeader(400, 120), 'image/jpeg') } })).status).toBe(200)
    expect((await server.fetch('/api/organisation/logo')).headers.get('content-type')).toBe('image/jpeg')
    expect((await admin.json('/api/organisation/logo', { method: 'DELETE' })).status).toBe(200)
    expect((await server.fetch('/api/organisation/logo')).status).toBe(404)
    const [page] = await readPdf(new Uint8Array(await (await holder.fetch(`/api/certificates/${CODE}/pdf`)).arrayBuffer()))
    expect(page!.images).toBe(0)
    expect(page!.text).toContain('Jo Park')
  })

  it('keeps the organisation\'s locale an admin sets, tells every page, and dates the certificate, its page and the verification that way', async () => {
    expect(await (await server.fetch('/api/organisation')).json()).toEqual({ name: 'Northwind Care', locale: 'en-GB' })
    // Only an administrator changes it, and only to a locale on offer.
    expect((await holder.json('/api/mail/settings', { method: 'PUT', body: { locale: 'de-DE' } })).status).toBe(403)
    const bad = await admin.json<{ data: { fields: { field: string, message: string }[] } }>('/api/mail/settings', { method: 'PUT', body: { locale: 'xx-YY' } })
    expect(bad.status).toBe(400)
    expect(bad.body.data.fields[0]).toMatchObject({ field: 'locale', message: 'must be one of the languages offered' })

    const saved = await admin.json<{ settings: { locale: string, organisationName: string } }>('/api/mail/settings', { method: 'PUT', body: { locale: 'de-DE' } })
    expect(saved.status).toBe(200)
    expect(saved.body.settings).toMatchObject({ locale: 'de-DE', organisationName: 'Northwind Care' })
    expect((await admin.json<{ settings: { locale: string } }>('/api/mail/settings')).body.settings.locale).toBe('de-DE')
    expect((await (await server.fetch('/api/organisation')).json()).locale).toBe('de-DE')

    const german = formatDate(expiresAt, 'long', 'de-DE')
    expect(german).toBe('14. März 2027')
    const [page] = await readPdf(new Uint8Array(await (await holder.fetch(`/api/certificates/${CODE}/pdf`)).arrayBuffer()))
    expect(page!.text).toContain(formatDate(issuedAt, 'long', 'de-DE'))
    expect(page!.text).toContain(german)
    const html = await (await server.fetch(`/verify/${CODE}`)).text()
    expect(html).toContain(german)
    expect(html).not.toContain(formatDate(expiresAt, 'long', 'en-GB'))

    expect((await admin.json('/api/mail/settings', { method: 'PUT', body: { locale: 'en-GB' } })).status).toBe(200)
    expect((await (await server.fetch('/api/organisation')).json()).locale).toBe('en-GB')
  })
})
