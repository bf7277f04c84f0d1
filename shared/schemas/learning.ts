import { z } from './zod.ts'
import { Slug } from './content'

export const ObjectIdParam = z.string().regex(/^[0-9a-f]{24}$/, 'must be a 24-character hexadecimal id')

// single → option id; multiple → option ids; truefalse → boolean; ordering → item ids in order
export const QuizAnswer = z.union([
  Slug,
  z.array(Slug).min(1).max(12),
  z.boolean(),
])
export type QuizAnswer = z.infer<typeof QuizAnswer>

export const SaveAnswersBody = z.object({
  answers: z.record(Slug, QuizAnswer.nullable()).refine(a => Object.keys(a).length <= 50, 'too many answers'),
})

export const ScenarioStepBody = z.union([
  z.object({
    // The node being answered: a retried request for an answered node is recognised, not applied twice.
    node: Slug,
    choice: Slug,
  }),
  // At a written node: the learner's own words (stored and shown as text; the node sets a lower limit).
  z.object({
    node: Slug,
    text: z.string().max(10_000, 'a reply is at most 10,000 characters'),
  }),
])

export const QuizParams = z.object({ quiz: Slug })
export const ScenarioParams = z.object({ scenario: Slug })
export const IdParams = z.object({ id: ObjectIdParam })
export const CertificateParams = z.object({ code: z.string().regex(/^[A-Z2-7]{26}$/, 'is not a certificate id') })

export const RevokeCertificateBody = z.object({
  reason: z.string().trim().min(3, 'say why the certificate is revoked').max(500),
})

export const CoachingBody = z.object({
  text: z.string().trim().min(2, 'write the feedback').max(2000),
})

/** The learner has opened these coaching notes (each note's `ref`, as a page showed it). */
export const CoachingSeenBody = z.object({
  refs: z.array(z.string().min(1).max(200), { error: 'must be a list of notes' }).min(1, 'name at least one note').max(500, 'at most 500 notes at once'),
})
