import { CertificateParams } from '#shared/schemas/learning'
import { CertificateModel } from '../../models/certificate'

// Public on purpose: anyone holding the id may check a certificate. It confirms the
// certificate, its holder's name, its dates and who issued it, and nothing else about the person.
export default defineEventHandler(async (event) => {
  const { code } = await getValidParams(event, CertificateParams)
  const certificate = await CertificateModel.findById(code).lean()
  if (!certificate) throw createError({ statusCode: 404, statusMessage: 'No certificate has this code. Check it was copied in full.' })
  return {
    code: certificate.code,
    holderName: certificate.holderName,
    name: certificate.name,
    issuedAt: certificate.issuedAt,
    expiresAt: certificate.expiresAt,
    revokedAt: certificate.revokedAt ?? null,
    status: certificateStatus(certificate, new Date()),
    qrCode: await qrDataUrl(verificationUrl(event, code)),
    issuer: issuerView(await certificateIssuer()),
  }
})
