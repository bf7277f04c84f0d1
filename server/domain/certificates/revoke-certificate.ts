import type { RevocationView } from '../../../shared/types/learning'
import { CertificateModel } from '../../models/certificate'
import { forWrites } from '../../utils/db-engine'
import { getLearnerRecord, noteRevocation } from '../learning/learner-record'
import { refreshLearner } from '../learning/refresh-learner'
import type { CurrentUser } from '../../utils/auth'

/**
 * HR revokes a certificate, with a reason the audit log keeps. One conditional update
 * on { _id, revokedAt: null } revokes it exactly once: every other request gets a 409,
 * and the first reason stays. A retry after a request cut off before noting the
 * revocation completes the fact (and still answers 409).
 */
export async function revokeCertificate(actor: CurrentUser, code: string, reason: string, now = new Date()): Promise<RevocationView> {
  const revoked = await forWrites(CertificateModel).findOneAndUpdate(
    { _id: code, $or: [{ revokedAt: { $exists: false } }, { revokedAt: null }] },
    { $set: { revokedAt: now, revokedReason: reason } },
    { returnDocument: 'after' },
  ).lean()
  if (!revoked) {
    const certificate = await CertificateModel.findById(code).lean()
    if (!certificate) throw createError({ statusCode: 404, statusMessage: 'There is no such certificate.' })
    const fact = (await getLearnerRecord(certificate.user)).certificates[code]
    if (certificate.revokedAt && fact && !fact.revokedAt) {
      await noteRevocation(certificate, certificate.revokedAt)
      await refreshLearner(certificate.user)
    }
    throw createError({ statusCode: 409, statusMessage: 'This certificate is already revoked.' })
  }
  await noteRevocation(revoked, now)
  await refreshLearner(revoked.user)
  await recordAudit(actor, 'certificate.revoke', code, { reason, path: revoked.path }, { subject: revoked.user })
  return { code, revokedAt: now.toISOString() }
}
