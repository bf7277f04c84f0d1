import type { H3Event } from 'h3'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { completionSentence } from '../../../shared/utils/certificate-text'
import { formatDate } from '../../../shared/utils/format'
import { logoUrl, orgLogo, type StoredLogo } from '../mail/org-logo'
import { appUrl, orgSettings } from '../mail/org-settings'

/**
 * The address printed on a certificate and in its QR code. A certificate outlives the request
 * that printed it, so it carries the public address (APP_URL) rather than whichever host name
 * reached this process (an internal one behind a load balancer); the request's only without APP_URL.
 */
export function verificationUrl(event: H3Event, code: string) {
  const base = process.env.APP_URL?.trim() ? appUrl() : getRequestURL(event).origin
  return `${base}/verify/${code}`
}

/** Who issues certificates: the organisation, its logo and the person who signs them (admin settings). */
export interface CertificateIssuer {
  organisation: string
  signatory: { name: string, role: string } | null
  logo: StoredLogo | null
}

export async function certificateIssuer(): Promise<CertificateIssuer> {
  const [settings, logo] = await Promise.all([orgSettings(), orgLogo()])
  return {
    organisation: settings.organisationName,
    signatory: settings.signatoryName || settings.signatoryRole ? { name: settings.signatoryName, role: settings.signatoryRole } : null,
    logo,
  }
}

/** The issuer as pages show it: the logo by address, not by bytes. */
export const issuerView = (issuer: CertificateIssuer) => ({
  organisation: issuer.organisation,
  signatory: issuer.signatory,
  logoUrl: logoUrl(issuer.logo),
})

export interface CertificateText { holderName: string, name: string, pathTitle: string, issuedAt: Date, expiresAt: Date, code: string }

const INK = '#1d2430'
const MUTED = '#5b6473'
const BRAND = '#174a6c'

/**
 * A one-page A4 landscape certificate: the organisation's logo and name, the certificate's
 * name, the holder, the path they completed, the dates, the signatory, and a QR code
 * pointing at its public verification page.
 */
export function certificatePdf(certificate: CertificateText, verifyUrl: string, issuer: CertificateIssuer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margin: 0,
      info: { Title: `${certificate.name} — ${certificate.holderName}`, Author: issuer.organisation, Subject: `Certificate ${certificate.code}` },
    })
    const chunks: Buffer[] = []
    doc.on('data', chunk => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)

    const { width, height } = doc.page
    const left = 72
    const inner = width - 2 * left
    doc.lineWidth(3).strokeColor('#1f5f8b').rect(28, 28, width - 56, height - 56).stroke()
    doc.lineWidth(0.75).strokeColor('#9fb8cc').rect(36, 36, width - 72, height - 72).stroke()

    /** One centred line, shrunk to fit the width rather than wrapped. */
    const line = (text: string, y: number, font: string, size: number, color: string, options: { spacing?: number, width?: number, x?: number } = {}) => {
      const w = options.width ?? inner
      doc.font(font).fontSize(size)
      const natural = doc.widthOfString(text, { characterSpacing: options.spacing ?? 0 })
      const fitted = natural > w ? Math.max(8, size * w / natural) : size
      doc.fontSize(fitted).fillColor(color).text(text, options.x ?? left, y + (size - fitted) / 2, { width: w, align: 'center', characterSpacing: options.spacing ?? 0, lineBreak: false })
    }

    let y = 58
    if (issuer.logo) {
      const box = { w: 200, h: 60 }
      const scale = Math.min(box.w / issuer.logo.width, box.h / issuer.logo.height)
      const w = issuer.logo.width * scale
      doc.image(issuer.logo.data, (width - w) / 2, y, { fit: [box.w, box.h] })
      y += issuer.logo.height * scale + 10
    }
    else {
      y += 14
    }
    line(issuer.organisation.toUpperCase(), y, 'Helvetica-Bold', 12, BRAND, { spacing: 3 })
    y += 34
    line(certificate.name, y, 'Helvetica-Bold', 30, BRAND)
    y += 52
    line('This certifies that', y, 'Helvetica', 14, MUTED)
    y += 24
    line(certificate.holderName, y, 'Helvetica-Bold', 34, INK)
    y += 50
    // The sentence may wrap onto a second line for a long path title.
    doc.font('Helvetica').fontSize(15).fillColor(INK)
      .text(completionSentence(certificate.pathTitle), left + 40, y, { width: inner - 80, align: 'center' })

    // The foot: signatory on the left, dates in the middle, QR code on the right.
    const foot = height - 186
    const column = 220
    if (issuer.signatory) {
      doc.lineWidth(0.75).strokeColor(INK).moveTo(left, foot + 50).lineTo(left + column, foot + 50).stroke()
      line(issuer.signatory.name, foot + 58, 'Helvetica-Bold', 12, INK, { x: left, width: column })
      if (issuer.signatory.role) line(issuer.signatory.role, foot + 75, 'Helvetica', 11, MUTED, { x: left, width: column })
      line(`for ${issuer.organisation}`, foot + 91, 'Helvetica', 11, MUTED, { x: left, width: column })
    }
    else {
      line('Issued by', foot + 50, 'Helvetica', 11, MUTED, { x: left, width: column })
      line(issuer.organisation, foot + 66, 'Helvetica-Bold', 12, INK, { x: left, width: column })
    }

    const middle = (width - column) / 2
    line('Issued', foot + 30, 'Helvetica', 11, MUTED, { x: middle, width: column })
    line(formatDate(certificate.issuedAt, 'long'), foot + 45, 'Helvetica-Bold', 13, INK, { x: middle, width: column })
    line('Valid until', foot + 70, 'Helvetica', 11, MUTED, { x: middle, width: column })
    line(formatDate(certificate.expiresAt, 'long'), foot + 85, 'Helvetica-Bold', 13, INK, { x: middle, width: column })

    const size = 104
    const qrLeft = width - left - column / 2 - size / 2
    const qr = QRCode.create(verifyUrl, { errorCorrectionLevel: 'M' })
    const cell = size / qr.modules.size
    doc.fillColor('#000000')
    for (let row = 0; row < qr.modules.size; row++) {
      for (let col = 0; col < qr.modules.size; col++) {
        if (qr.modules.get(row, col)) doc.rect(qrLeft + col * cell, foot + row * cell, cell, cell).fill()
      }
    }
    line(certificate.code, foot + size + 6, 'Courier', 8, MUTED, { x: width - left - column, width: column })

    line(`Check this certificate at ${verifyUrl}`, height - 62, 'Helvetica', 9, MUTED)
    doc.end()
  })
}

/** The QR code as an image data URL the page can show without injecting markup. */
export function qrDataUrl(url: string): Promise<string> {
  return QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 1, width: 240 })
}
