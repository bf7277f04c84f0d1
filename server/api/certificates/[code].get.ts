import { CertificateParams } from '#shared/schemas/learning'
import { CertificateModel } from '../../models/certificate'

// The holder's certificate page; HR and admins may open anyone's.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { code } = await getValidParams(event, CertificateParams)
  const certificate = await CertificateModel.findById(code).lean()
  if (!certificate || (String(certificate.user) !== user.id && !HR_STAFF.includes(user.role))) {
    throw createError({ statusCode: 404, statusMessage: 'There is no such certificate.' })
  }
  return {
    code: certificate.code,
    holderName: certificate.holderName,
    name: certificate.name,
    pathTitle: certificate.pathTitle,
    cycle: certificate.cycle,
    issuedAt: certificate.issuedAt,
    expiresAt: certificate.expiresAt,
    revokedAt: certificate.revokedAt ?? null,
    status: certificateStatus(certificate, new Date()),
    verifyUrl: verificationUrl(event, certificate.code),
    qrCode: await qrDataUrl(verificationUrl(event, certificate.code)),
    issuer: issuerView(await certificateIssuer()),
  }
})
