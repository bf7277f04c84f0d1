import { createHmac, randomBytes } from 'node:crypto'
import type { LearnerRecord } from '../../models/learner-record'
import type { LearningPath } from '../../../shared/schemas/content'
import type { ContentLibrary } from '../content/content-library'
import type { LearnerRecords } from '../learning/path-progress'

// The pure rules of certificates: their public code, their status, and where a
// learner's certification cycle (the attempts that count) starts.

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/**
 * The public id of a certificate: 128 bits as 26 base-32 characters. Given a server
 * secret, the bits are an HMAC of (learner, path, cycle), so every request that races to
 * issue one cycle's certificate computes the same code and the losers read the winner's
 * by _id; still unguessable without the secret. Without a secret, random bits.
 */
export function certificateCode(of?: { user: string, path: string, cycle: number, secret?: string }): string {
  const bytes = of?.secret
    ? createHmac('sha256', of.secret).update(`certificate:${of.user}:${of.path}:${of.cycle}`).digest().subarray(0, 17)
    : randomBytes(17)
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5 && out.length < 26) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return out
}

/** Revoked wins over expired; a certificate is valid until the instant it expires. */
export function certificateStatus(certificate: { revokedAt?: Date | null, expiresAt: Date }, now: Date): 'valid' | 'expired' | 'revoked' {
  if (certificate.revokedAt) return 'revoked'
  return certificate.expiresAt > now ? 'valid' : 'expired'
}

/**
 * Attempts count from the start of the learner's current certification cycle: after
 * a certificate on a path with this quiz expires (or is revoked), the attempts start over.
 */
export function attemptCycleStart(library: ContentLibrary, record: Pick<LearnerRecord, 'certificates'>, itemId: string, now: Date, kind: 'quizzes' | 'scenarios' = 'quizzes') {
  const paths = [...library.paths.values()].filter(p => p.definition.requires[kind].includes(itemId)).map(p => p.definition.id)
  const certificates = Object.values(record.certificates)
  let start = new Date(0)
  for (const path of paths) {
    const latest = certificates.filter(c => c.path === path).sort((a, b) => b.cycle - a.cycle)[0]
    const issuedAt = latest && new Date(latest.issuedAt)
    if (latest && (latest.revokedAt || new Date(latest.expiresAt) <= now) && issuedAt! > start) start = issuedAt!
  }
  return start
}

/**
 * The role-play passes that count towards a path's certificate. On a path with
 * `requireReviewedPass`, a run with written replies counts only once a trainer has reviewed
 * it and passed it; a run awaiting review does not count yet (a run without written replies
 * has nothing to review and counts as it is). Elsewhere the automatic result counts until
 * a review replaces it.
 */
export function scenarioPassesFor(path: Pick<LearningPath, 'requireReviewedPass'>, records: Pick<LearnerRecords, 'scenarioPasses' | 'reviewedScenarioPasses'>): Map<string, Date[]> {
  return path.requireReviewedPass ? records.reviewedScenarioPasses ?? new Map() : records.scenarioPasses
}
