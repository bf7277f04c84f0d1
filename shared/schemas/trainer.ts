import { z } from 'zod'
import { Slug } from './content'

export const ReviewQuery = z.object({
  kind: z.enum(['all', 'quiz', 'scenario']).default('all'),
  quiz: Slug.optional(),
  scenario: Slug.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
})
export type ReviewQuery = z.infer<typeof ReviewQuery>

export const QUESTION_FLAG_LABELS: Record<string, string> = {
  'too-easy': 'Too easy',
  'too-hard': 'Too hard',
  'negative-discrimination': 'Strong learners miss it',
  'low-discrimination': 'Separates learners poorly',
}
