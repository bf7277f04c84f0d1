import { CertificateParams, RevokeCertificateBody } from '#shared/schemas/learning'
import { CertificateModel } from '../../../models/certificate'

export default defineEventHandler(async (event) => {
  const user = await requireRole(event, ['hr', 'admin'])
  const { code } = await getValidParams(event, CertificateParams)
  const { reason } = await readValidBody(event, RevokeCertificateBody)
  const certificate = await CertificateModel.findOneAndUpdate(
    { code, revokedAt: { $exists: false } },
    { $set: { revokedAt: new Date(), revokedReason: reason } },
    { returnDocument: 'after' },
  ).lean()
  if (!certificate) {
    const existing = await CertificateModel.exists({ code })
    throw createError(existing
      ? { statusCode: 409, statusMessage: 'This certificate is already revoked.' }
      : { statusCode: 404, statusMessage: 'There is no such certificate.' })
  }
  await refreshLearner(certificate.user)
  await recordAudit(user, 'certificate.revoke', code, { reason })
  return { code, revokedAt: certificate.revokedAt }
})
