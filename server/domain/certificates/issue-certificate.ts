import type { Types } from 'mongoose'
import { CertificateModel } from '../../models/certificate'
import { noteCertificate } from '../learning/learner-record'
import { addMonths, type PathProgress } from '../learning/path-progress'
import { certificateCode } from './certificate-rules'

/**
 * Issues the certificate of a completed path for the cycle it was completed in, and
 * notes it in the learner's record. Called by refreshLearner when it finds a complete
 * path without a certificate.
 */
export async function issueCertificate(user: { _id: Types.ObjectId, name: string }, progress: PathProgress, now: Date) {
  const { path } = progress
  const code = certificateCode()
  const expiresAt = addMonths(now, path.certificate.validityMonths)
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
    expiresAt,
  }
  try {
    await CertificateModel.create(certificate)
  }
  catch (error) {
    // Another process issued this cycle's certificate first: one certificate it is.
    if (!isDuplicateKey(error)) throw error
    return
  }
  await noteCertificate(certificate)
}
