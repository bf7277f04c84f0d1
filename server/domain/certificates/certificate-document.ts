import type { H3Event } from 'h3'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'

export function verificationUrl(event: H3Event, code: string) {
  return `${getRequestURL(event).origin}/verify/${code}`
}

const day = (date: Date) => date.toISOString().slice(0, 10)

/** A one-page A4 landscape certificate with a QR code pointing at its verification page. */
export function certificatePdf(certificate: { holderName: string, name: string, pathTitle: string, issuedAt: Date, expiresAt: Date, code: string }, verifyUrl: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 56, info: { Title: `${certificate.name} — ${certificate.holderName}` } })
    const chunks: Buffer[] = []
    doc.on('data', chunk => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)

    const { width, height } = doc.page
    doc.lineWidth(3).strokeColor('#1f5f8b').rect(28, 28, width - 56, height - 56).stroke()
    doc.fillColor('#174a6c').font('Helvetica-Bold').fontSize(14).text('RAPPORT', 56, 64, { characterSpacing: 4 })
    doc.moveDown(2).fillColor('#5b6473').font('Helvetica').fontSize(14).text('This certifies that')
    doc.moveDown(0.5).fillColor('#1d2430').font('Helvetica-Bold').fontSize(34).text(certificate.holderName)
    doc.moveDown(0.5).fillColor('#5b6473').font('Helvetica').fontSize(14).text('has completed the learning path')
    doc.moveDown(0.3).fillColor('#1d2430').font('Helvetica-Bold').fontSize(20).text(certificate.pathTitle)
    doc.moveDown(0.3).fillColor('#5b6473').font('Helvetica').fontSize(14).text(`and holds the ${certificate.name}.`)
    doc.moveDown(2).fillColor('#1d2430').fontSize(12)
      .text(`Issued ${day(certificate.issuedAt)}    Valid until ${day(certificate.expiresAt)}`)
      .moveDown(0.3).fillColor('#5b6473').text(`Certificate ${certificate.code}`)
      .moveDown(0.3).text(`Verify at ${verifyUrl}`)

    const qr = QRCode.create(verifyUrl, { errorCorrectionLevel: 'M' })
    const size = 130
    const cell = size / qr.modules.size
    const left = width - 56 - size - 16
    const top = height - 56 - size - 16
    doc.fillColor('#000000')
    for (let row = 0; row < qr.modules.size; row++) {
      for (let col = 0; col < qr.modules.size; col++) {
        if (qr.modules.get(row, col)) doc.rect(left + col * cell, top + row * cell, cell, cell).fill()
      }
    }
    doc.end()
  })
}

/** The QR code as an image data URL the page can show without injecting markup. */
export function qrDataUrl(url: string): Promise<string> {
  return QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 1, width: 240 })
}
