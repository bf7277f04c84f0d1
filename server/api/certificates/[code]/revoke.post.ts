import { CertificateParams, RevokeCertificateBody } from '#shared/schemas/learning'
import { CertificateModel } from '../../../models/certificate'

export default defineEventHandler(async (event) => {
  const user = await requireRole(event, ['hr', 'admin'])
  const { code } = await getValidParams(event, CertificateParams)
  const { reason } = await readValidBody(event, RevokeCertificateBody)
  const certificate = await CertificateModel.findById(code).lean()
  if (!certificate) throw createError({ statusCode: 404, statusMessage: 'There is no such certificate.' })
  const revokedAt = await withLearnerLock(certificate.user, async () => {
    const current = (await CertificateModel.findById(code).lean())!
    if (current.revokedAt) throw createError({ statusCode: 409, statusMessage: 'This certificate is already revoked.' })
    const at = new Date()
    await CertificateModel.updateOne({ _id: code }, { $set: { revokedAt: at, revokedReason: reason } })
    await noteFacts(certificate.user, { [`certificates.${code}.revokedAt`]: at })
    await refreshLearner(certificate.user)
    return at
  })
  await recordAudit(user, 'certificate.revoke', code, { reason, path: certificate.path }, { subject: certificate.user })
  return { code, revokedAt }
})
