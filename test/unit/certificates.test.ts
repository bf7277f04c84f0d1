import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CertificateFact } from '../../server/models/learner-record'
import { checkContent } from '../../server/domain/content/content-library'
import { attemptCycleStart, certificateCode, certificatesEarnedBy, certificateStatus } from '../../server/domain/certificates/certificate-rules'
import { learnerStatus, pathProgress, type LearnerRecords } from '../../server/domain/learning/path-progress'
import { countPerson, hrStatus } from '../../server/domain/hr/hr-dashboard'
import { learnerSummary, recordsOf } from '../../server/domain/learning/summary-rules'
import { entryOf } from '../../server/domain/learning/summary-cache'
import { Types } from 'mongoose'

function load(dir: string, files = new Map<string, string>(), root = dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) load(full, files, root)
    else files.set(relative(root, full), readFileSync(full, 'utf8'))
  }
  return files
}
const { library } = checkContent(load('test/fixtures/content-valid'))
const QUIZ = 'greeting-basics-quiz'
const PATH = 'greeting-path'
const now = new Date('2026-11-25T12:00:00Z')
const d = (iso: string) => new Date(iso)

describe('certificate status', () => {
  it.each([
    ['valid until it expires', { expiresAt: d('2026-11-26') }, 'valid'],
    ['expired at the very instant of expiry', { expiresAt: now }, 'expired'],
    ['expired after its date', { expiresAt: d('2026-01-01') }, 'expired'],
    ['revoked while still in date', { expiresAt: d('2027-01-01'), revokedAt: d('2026-11-01') }, 'revoked'],
    ['revoked wins over expired', { expiresAt: d('2026-01-01'), revokedAt: d('2025-12-01') }, 'revoked'],
    ['valid with revokedAt null', { expiresAt: d('2027-01-01'), revokedAt: null }, 'valid'],
  ] as const)('is %s', (_name, certificate, status) => {
    expect(certificateStatus(certificate, now)).toBe(status)
  })

  it('codes are 26 base-32 characters and differ every time', () => {
    const codes = new Set(Array.from({ length: 200 }, certificateCode))
    expect(codes.size).toBe(200)
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{26}$/)
  })
})

const cert = (cycle: number, issuedAt: string, expiresAt: string, extra: Partial<CertificateFact> = {}): CertificateFact =>
  ({ path: PATH, cycle, issuedAt: d(issuedAt), expiresAt: d(expiresAt), ...extra })

describe('attempt cycle start (which submitted attempts count)', () => {
  it.each<[string, CertificateFact[], string]>([
    ['no certificate: every attempt counts', [], '1970-01-01T00:00:00.000Z'],
    ['a valid certificate: every attempt counts (the quiz is passed anyway)', [cert(1, '2026-06-01', '2027-06-01')], '1970-01-01T00:00:00.000Z'],
    ['an expired certificate: attempts start over from its issue', [cert(1, '2025-06-01', '2026-06-01')], '2025-06-01T00:00:00.000Z'],
    ['a revoked certificate: attempts start over from its issue', [cert(1, '2026-06-01', '2027-06-01', { revokedAt: d('2026-10-01') })], '2026-06-01T00:00:00.000Z'],
    ['the latest cycle decides: expired cycle 1, valid cycle 2', [cert(1, '2024-06-01', '2025-06-01'), cert(2, '2025-07-01', '2026-12-01')], '1970-01-01T00:00:00.000Z'],
    ['the latest cycle decides: two expired cycles', [cert(1, '2023-06-01', '2024-06-01'), cert(2, '2024-07-01', '2025-07-01')], '2024-07-01T00:00:00.000Z'],
    ['a certificate of another path does not count', [{ ...cert(1, '2025-06-01', '2026-06-01'), path: 'other-path' }], '1970-01-01T00:00:00.000Z'],
  ])('%s', (_name, certificates, start) => {
    const record = { certificates: Object.fromEntries(certificates.map((c, i) => [`C${i}`, c])) }
    expect(attemptCycleStart(library, record, QUIZ, now).toISOString()).toBe(start)
  })

  it('a quiz on no path always counts every attempt', () => {
    const record = { certificates: { C: cert(1, '2025-06-01', '2026-06-01') } }
    expect(attemptCycleStart(library, record, 'not-on-any-path', now).getTime()).toBe(0)
  })
})

describe('certification cycle of a path', () => {
  const learner = { departmentSlug: 'sales', jobRole: 'Advisor', startDate: d('2026-11-01T00:00:00Z') }
  const records = (certificates: LearnerRecords['certificates']): LearnerRecords => ({
    lessons: new Set(['greeting-basics/first-words', 'greeting-basics/names']),
    quizPasses: new Map([[QUIZ, [d('2025-05-01')]]]),
    scenarioPasses: new Map([['greeting-counter-personal', [d('2025-05-02')]]]),
    certificates,
  })
  const path = library.paths.get(PATH)!.definition
  const c = (cycle: number, issuedAt: string, expiresAt: string, revokedAt?: string) =>
    ({ code: `C${cycle}`, path: PATH, cycle, issuedAt: d(issuedAt), expiresAt: d(expiresAt), revokedAt: revokedAt ? d(revokedAt) : undefined })

  it.each([
    ['no certificate yet: cycle 1, passes from any time count', [], 1, true, false],
    ['a valid certificate: its cycle, complete, certified', [c(1, '2025-06-01', '2027-06-01')], 1, true, true],
    ['an expired certificate: the next cycle, older passes no longer count', [c(1, '2025-06-01', '2026-06-01')], 2, false, false],
    ['a revoked certificate: the next cycle, older passes no longer count', [c(1, '2025-06-01', '2027-06-01', '2026-01-01')], 2, false, false],
  ] as const)('%s', (_name, certificates, cycle, complete, certified) => {
    const p = pathProgress(library, path, learner, records([...certificates]), now)
    expect(p.cycle).toBe(cycle)
    expect(p.complete).toBe(complete)
    expect(Boolean(p.certificate)).toBe(certified)
  })
})

describe('where a person stands', () => {
  // learnerStatus counts items done; hrStatus asks for a valid certificate. They differ
  // exactly when every item is done but no valid certificate is held (revoked, lapsed,
  // or a deactivated person who is never issued one).
  it.each([
    ['nothing done, not yet due', { done: 0, required: 4, dueAt: d('2026-12-01') }, 'not-started', 'not-started'],
    ['some done, not yet due', { done: 2, required: 4, dueAt: d('2026-12-01') }, 'on-track', 'on-track'],
    ['some done, past due', { done: 2, required: 4, dueAt: d('2026-11-01') }, 'overdue', 'overdue'],
    ['all done and certified', { done: 4, required: 4, dueAt: d('2026-11-01'), certifiedUntil: d('2027-11-01') }, 'complete', 'complete'],
    ['all done, certificate revoked or lapsed, past due', { done: 4, required: 4, dueAt: d('2026-11-01'), certifiedUntil: null }, 'complete', 'overdue'],
    ['all done, no certificate, not yet due', { done: 4, required: 4, dueAt: d('2026-12-01'), certifiedUntil: null }, 'complete', 'on-track'],
    ['certified, with a new cycle not started', { done: 0, required: 4, dueAt: d('2027-12-01'), certifiedUntil: d('2027-11-01') }, 'not-started', 'complete'],
  ] as const)('%s', (_name, summary, learner, hr) => {
    expect(learnerStatus(summary, now)).toBe(learner)
    expect(hrStatus(summary, now)).toBe(hr)
  })
})

describe('the certificate a result earned', () => {
  const paths = new Map([
    ['essentials', { definition: { id: 'essentials', title: 'Customer Service Essentials', certificate: { name: 'Service Essentials' }, requires: { quizzes: ['q1'], scenarios: ['s1'] } } }],
    ['phones', { definition: { id: 'phones', title: 'Phones', certificate: { name: 'Phone Service' }, requires: { quizzes: ['q2'], scenarios: [] } } }],
  ])
  const at = new Date('2026-12-01T10:00:00Z')

  it('is the one issued in the same event, for a path that requires that quiz', () => {
    const certificates = { CODE1: { path: 'essentials', issuedAt: at }, CODE2: { path: 'phones', issuedAt: at } }
    expect(certificatesEarnedBy(certificates, paths, { kind: 'quiz', id: 'q1', at })).toEqual([{ code: 'CODE1', name: 'Service Essentials', pathTitle: 'Customer Service Essentials' }])
  })

  it('is none when the certificate came from a later step, or was revoked, or the path needs a role-play of that name instead', () => {
    expect(certificatesEarnedBy({ C: { path: 'essentials', issuedAt: new Date(at.getTime() + 5000) } }, paths, { kind: 'quiz', id: 'q1', at })).toEqual([])
    expect(certificatesEarnedBy({ C: { path: 'essentials', issuedAt: at, revokedAt: at } }, paths, { kind: 'quiz', id: 'q1', at })).toEqual([])
    expect(certificatesEarnedBy({ C: { path: 'essentials', issuedAt: at } }, paths, { kind: 'scenario', id: 'q1', at })).toEqual([])
    expect(certificatesEarnedBy({ C: { path: 'essentials', issuedAt: at.toISOString() } }, paths, { kind: 'scenario', id: 's1', at: at.toISOString() })).toHaveLength(1)
  })
})

describe('a revoked certificate and onboarding', () => {
  // Revoking says the path's requirement was never met (a test-wise pass, a certificate issued
  // by mistake): the certificate no longer counts as onboarding, and the path is to be done
  // again within its due period from the revocation (docs/decisions.md, "Onboarded").
  const person = { _id: new Types.ObjectId(), name: 'Ana', email: 'ana@x.test', startDate: d('2026-01-05'), active: true }
  const profile = { departmentSlug: null, jobRole: '', startDate: person.startDate }
  const passes = {
    lessons: { 'greeting-basics/first-words': d('2026-01-06'), 'greeting-basics/names': d('2026-01-06') },
    quizAttempts: { a1: { quiz: QUIZ, status: 'submitted', passed: true, submittedAt: d('2026-01-07') } },
    scenarioRuns: { r1: { scenario: 'greeting-counter-personal', status: 'completed', passed: true, completedAt: d('2026-01-08') } },
  }
  const summaryOf = (certificates: Record<string, CertificateFact>) => {
    const records = recordsOf({ ...passes, certificates } as unknown as Parameters<typeof recordsOf>[0])
    const progress = [pathProgress(library, library.paths.get(PATH)!.definition, profile, records, now)]
    const summary = learnerSummary(person, progress, records, now)
    const figures = { headcount: 0, onboarded: 0, complete: 0, onTrack: 0, overdue: 0, notStarted: 0, exempt: 0, expiringSoon: 0 }
    countPerson(figures, entryOf(summary), now, d('2026-12-25'))
    return { summary, figures }
  }

  it('a valid certificate onboards the person', () => {
    const { summary, figures } = summaryOf({ C1: cert(1, '2026-01-08', '2027-01-08') })
    expect(summary.onboardedAt).toEqual(d('2026-01-08'))
    expect(figures).toMatchObject({ headcount: 1, onboarded: 1, complete: 1 })
  })

  it('revoked, their only certificate leaves them not onboarded, with the path due again a due period after the revocation', () => {
    const { summary, figures } = summaryOf({ C1: cert(1, '2026-01-08', '2027-01-08', { revokedAt: d('2026-11-20T09:00:00Z') }) })
    expect(summary.onboardedAt).toBeNull()
    expect(summary.completedAt).toBeNull()
    expect(summary.done).toBe(2) // lessons stay read; the quiz and the role-play are to be passed again
    expect(summary.dueAt).toEqual(d('2026-12-04T09:00:00Z')) // 14 days after the revocation, not after the revoked expiry
    expect(figures).toMatchObject({ headcount: 1, onboarded: 0, complete: 0, onTrack: 1, overdue: 0 })
  })

  it('a revocation after an earlier cycle was met keeps the first onboarding, but not "certified now"', () => {
    const { summary, figures } = summaryOf({
      C1: cert(1, '2025-01-08', '2026-01-08'),
      C2: cert(2, '2026-01-08', '2027-01-08', { revokedAt: d('2026-11-20T09:00:00Z') }),
    })
    expect(summary.onboardedAt).toEqual(d('2025-01-08'))
    expect(summary.certifiedUntil).toBeNull()
    expect(figures).toMatchObject({ onboarded: 1, complete: 0 })
  })

  it('a certificate revoked after it had expired: the cycle restarted at its expiry, as before', () => {
    const { summary } = summaryOf({ C1: cert(1, '2025-01-08', '2026-01-08', { revokedAt: d('2026-11-20T09:00:00Z') }) })
    expect(summary.dueAt).toEqual(d('2026-01-22'))
  })
})
