import type { Types } from 'mongoose'
import { CertificateModel } from '../../models/certificate'
import { forWrites } from '../../utils/db-engine'
import { noteCertificate } from '../learning/learner-record'
import { addMonths, type PathProgress } from '../learning/path-progress'
import { certificateCode } from './certificate-rules'

// The session secret every app process shares (nuxt-auth-utils requires it in production).
const secret = () => process.env.NUXT_SESSION_PASSWORD || undefined

/**
 * Issues the certificate of a completed path for the cycle it was completed in, and
 * notes it in the learner's record. Called by refreshLearner when it finds a complete
 * path without a certificate. The unique (user, path, cycle) index admits one; a request
 * that loses the race (or retries after a request cut off before noting it) reads the
 * existing certificate and notes that one, so the fact always lands.
 */
export async function issueCertificate(user: { _id: Types.ObjectId, name: string }, progress: PathProgress, now: Date) {
  const { path } = progress
  const code = certificateCode({ user: String(user._id), path: path.id, cycle: progress.cycle, secret: secret() })
  const certificate = {
    _id: code,
    code,
    user: user._id,
    holderName: user.name,
    path: path.id,
    pathTitle: path.title,
    name: path.certificate.name,
    cycle: progress.cycle,
    issuedAt: now,
    expiresAt: addMonths(now, path.certificate.validityMonths),
  }
  try {
    await forWrites(CertificateModel).create(certificate)
    await noteCertificate(certificate)
  }
  catch (error) {
    if (!isDuplicateKey(error)) throw error
    // Issued already: by id when the code is derived; by (user, path, cycle) for a
    // certificate issued before codes were derived, or under another secret.
    const existing = await CertificateModel.findById(code).lean()
      ?? await CertificateModel.findOne({ user: user._id, path: path.id, cycle: progress.cycle }).lean()
    if (existing) await noteCertificate(existing)
  }
}
