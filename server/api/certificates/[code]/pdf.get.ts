import { CertificateParams } from '#shared/schemas/learning'
import { CertificateModel } from '../../../models/certificate'

export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { code } = await getValidParams(event, CertificateParams)
  const certificate = await CertificateModel.findById(code).lean()
  if (!certificate || (String(certificate.user) !== user.id && !HR_STAFF.includes(user.role))) {
    throw createError({ statusCode: 404, statusMessage: 'There is no such certificate.' })
  }
  const pdf = await certificatePdf(certificate, verificationUrl(event, code), await certificateIssuer())
  setResponseHeaders(event, {
    'content-type': 'application/pdf',
    'content-disposition': `attachment; filename="rapport-certificate-${code}.pdf"`,
  })
  return pdf
})
