import { z } from './zod.ts'
import { ScenarioChoice, Slug, WrittenMove, WrittenReply } from './content'

export const ReviewQuery = z.object({
  kind: z.enum(['all', 'quiz', 'scenario']).default('all'),
  // pending: role-play runs with written replies awaiting a trainer's scorecard; reviewed: scored ones.
  state: z.enum(['all', 'pending', 'reviewed']).default('all'),
  quiz: Slug.optional(),
  scenario: Slug.optional(),
  course: z.preprocess(v => (v === '' ? undefined : v), Slug.optional()),
  // Part of a learner's name or e-mail address.
  learner: z.preprocess(v => (v === '' ? undefined : v), z.string().trim().min(1).max(100).optional()),
  page: z.coerce.number().int().min(1, 'pages start at 1').max(10_000).default(1),
  // The page size.
  limit: z.coerce.number().int().min(1).max(100).default(30),
})
export type ReviewQuery = z.infer<typeof ReviewQuery>

// A trainer's scorecard on a run with written replies (POST /api/trainer/scenario-runs/:id/review).
// `revision` is the review revision the trainer saw (0 for a run not yet reviewed): the write
// lands only if the run is still there, so two trainers reviewing at once can't both win.
export const RunReviewBody = z.object({
  revision: z.number().int().min(0).max(1000),
  scores: z.array(z.object({
    node: Slug,
    criterion: Slug,
    score: z.number().int().min(0, 'scores run from 0 to 4').max(4, 'scores run from 0 to 4'),
  })).min(1, 'score every criterion').max(100),
  comments: z.array(z.object({
    node: Slug,
    quote: z.string().trim().min(1, 'select the sentence you comment on').max(2000),
    text: z.string().trim().min(2, 'write the comment').max(2000, 'is over 2,000 characters'),
  })).max(50).default([]),
  // Required when correcting a reviewed result: the audit log keeps it.
  reason: z.string().trim().min(5, 'say why the reviewed result is corrected (at least 5 characters)').max(500).optional(),
})
export type RunReviewBody = z.infer<typeof RunReviewBody>

export const QUESTION_FLAG_LABELS: Record<string, string> = {
  'too-easy': 'Too easy',
  'too-hard': 'Too hard',
  'negative-discrimination': 'Strong learners miss it',
  'low-discrimination': 'Separates learners poorly',
}

// A trainer's try-out of a written node in a preview (POST /api/trainer/written-check): the
// node's checks and branches as the preview holds them (a stored role-play or the editor's
// draft) and the reply typed. Bounded so that one request stays within the usual budget.
export const WrittenCheckBody = z.strictObject({
  written: WrittenReply.pick({ document: true, maxLength: true, avoid: true }).extend({
    expect: z.array(WrittenMove.pick({ id: true, move: true, patterns: true, found: true, missing: true }).extend({
      patterns: z.array(z.string().min(1).max(200)).min(1).max(20),
    })).min(1).max(12),
    avoid: z.array(Slug).max(30).default([]),
  }),
  branches: z.array(ScenarioChoice.pick({ id: true, next: true, when: true })).min(1).max(12),
  text: z.string().max(10_000, 'a reply is at most 10,000 characters'),
})
export type WrittenCheckBody = z.infer<typeof WrittenCheckBody>
