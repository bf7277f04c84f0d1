import type { RevocationView } from '../../../shared/types/learning'
import { CertificateModel } from '../../models/certificate'
import { noteRevocation } from '../learning/learner-record'
import { refreshLearner } from '../learning/refresh-learner'
import { withLearnerLock } from '../../utils/learner-lock'
import type { CurrentUser } from '../../utils/auth'

/** HR revokes a certificate, with a reason the audit log keeps. A second revoke is a 409. */
export async function revokeCertificate(actor: CurrentUser, code: string, reason: string): Promise<RevocationView> {
  const certificate = await CertificateModel.findById(code).lean()
  if (!certificate) throw createError({ statusCode: 404, statusMessage: 'There is no such certificate.' })
  const revokedAt = await withLearnerLock(certificate.user, async () => {
    const current = (await CertificateModel.findById(code).lean())!
    if (current.revokedAt) throw createError({ statusCode: 409, statusMessage: 'This certificate is already revoked.' })
    const at = new Date()
    await CertificateModel.updateOne({ _id: code }, { $set: { revokedAt: at, revokedReason: reason } })
    await noteRevocation({ _id: code, user: certificate.user }, at)
    await refreshLearner(certificate.user)
    return at
  })
  await recordAudit(actor, 'certificate.revoke', code, { reason, path: certificate.path }, { subject: certificate.user })
  return { code, revokedAt: revokedAt.toISOString() }
}
