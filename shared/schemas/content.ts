import { z } from './zod.ts'

// One module for every content format: content.config.ts, the server loader and
// scripts/content-check.ts all parse with these, so a file that passes the checker
// is exactly a file the app can load.

export const SKILLS = [
  'empathy',
  'communication',
  'friendliness',
  'personalisation',
  'product-knowledge',
  'problem-solving',
  'speed-of-attention',
  'follow-up',
] as const
export const Skill = z.enum(SKILLS)
export type Skill = z.infer<typeof Skill>

export const CHANNELS = ['personal', 'phone', 'printed', 'electronic'] as const
export const Channel = z.enum(CHANNELS)

// Quizzes, scenarios and paths are strict: an unknown key is a mistake, such as an unquoted
// comma in a one-line YAML map that silently cut `correct: true` off an option.
export const Slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens')

// Top-level numbers stay z.number(): @nuxt/content stores .int() columns as TEXT.
export const CourseMeta = z.object({
  slug: Slug,
  title: z.string().min(3),
  description: z.string().min(10),
  order: z.number().min(0),
  skills: z.array(Skill).default([]),
})
export type CourseMeta = z.infer<typeof CourseMeta>

export const LessonMeta = z.object({
  title: z.string().min(3),
  description: z.string().min(10),
  course: Slug,
  order: z.number().min(0),
  minutes: z.number().min(3, 'a lesson takes 3 to 8 minutes').max(8, 'a lesson takes 3 to 8 minutes'),
  skills: z.array(Skill).default([]),
  objectives: z.array(z.string().min(5)).min(1, 'list at least one learning objective'),
  // Concepts (ids from content/concepts.yml) this lesson teaches: the coverage table's rows.
  concepts: z.array(Slug).optional(),
})
export type LessonMeta = z.infer<typeof LessonMeta>

const QuestionBase = z.strictObject({
  id: Slug,
  prompt: z.string().min(5),
  skill: Skill,
  explanation: z.string().min(5),
  // Concepts this question assesses. Optional, so untagged files keep their content version.
  concepts: z.array(Slug).optional(),
})

const ChoiceOption = z.strictObject({
  id: Slug,
  text: z.string().min(1),
  correct: z.boolean().default(false),
})

export const SingleChoiceQuestion = QuestionBase.extend({
  type: z.literal('single'),
  options: z.array(ChoiceOption).min(2).max(8),
})
export const MultipleResponseQuestion = QuestionBase.extend({
  type: z.literal('multiple'),
  options: z.array(ChoiceOption).min(3).max(8),
})
export const TrueFalseQuestion = QuestionBase.extend({
  type: z.literal('truefalse'),
  answer: z.boolean(),
})
// The items are written in the correct order; the server shuffles them per attempt.
export const OrderingQuestion = QuestionBase.extend({
  type: z.literal('ordering'),
  items: z.array(z.strictObject({ id: Slug, text: z.string().min(1) })).min(3).max(8),
})

export const QuizQuestion = z.discriminatedUnion('type', [
  SingleChoiceQuestion,
  MultipleResponseQuestion,
  TrueFalseQuestion,
  OrderingQuestion,
])
export type QuizQuestion = z.infer<typeof QuizQuestion>

// What a learner's review shows after an attempt (or a role-play run): after-pass (the
// default) reveals correct answers, explanations and the best route only once the learner
// has passed or has no attempt left; after-each-attempt always; never not at all.
export const REVIEW_MODES = ['after-pass', 'after-each-attempt', 'never'] as const
export const ReviewMode = z.enum(REVIEW_MODES)
export type ReviewMode = z.infer<typeof ReviewMode>

export const QuizDefinition = z.strictObject({
  id: Slug,
  title: z.string().min(3),
  course: Slug,
  description: z.string().optional(),
  passMark: z.number().int().min(1).max(100),
  attemptLimit: z.number().int().min(1).max(20),
  cooldownMinutes: z.number().int().min(0).max(60 * 24 * 30),
  poolSize: z.number().int().min(1).optional(),
  review: ReviewMode.default('after-pass'),
  questions: z.array(QuizQuestion).min(1),
})
export type QuizDefinition = z.infer<typeof QuizDefinition>

export const ScenarioChoice = z.strictObject({
  id: Slug,
  text: z.string().min(1),
  next: Slug,
  feedback: z.string().min(5),
  scores: z.partialRecord(Skill, z.number().int().min(-5).max(5)).default({}),
  // The pass rule (content/README.md) reads these: a reply that falls into one of the
  // scenario's named pitfalls, and a reply that repairs an earlier pitfall.
  pitfall: Slug.optional(),
  recovery: z.literal(true).optional(),
  // Concepts this reply puts into practice (right or wrong): the coverage table's role-play column.
  concepts: z.array(Slug).optional(),
  // At a written node the choices are the branches: the first whose `when` holds follows
  // (the moves it names were all found; `pitfalls` none/any), and the last has no `when`.
  when: z.strictObject({
    moves: z.array(Slug).default([]),
    pitfalls: z.enum(['none', 'any']).optional(),
  }).optional(),
})
export type ScenarioChoice = z.infer<typeof ScenarioChoice>

// A written node: the learner writes their own reply, and the server checks it for the moves a
// good reply makes (`expect`) and the pitfalls it must avoid (ids in content/written-pitfalls.yml).
// Patterns use compromise's match syntax: {apologise} matches any form of the word, $group a
// word group from the lexicon, `not` before a match (in the same clause) cancels it.
export const WrittenMove = z.strictObject({
  id: Slug,
  move: z.string().min(5),
  patterns: z.array(z.string().min(1)).min(1),
  found: z.string().min(5),
  missing: z.string().min(5),
})
export type WrittenMove = z.infer<typeof WrittenMove>

export const WrittenBadExample = z.strictObject({
  text: z.string().min(1),
  // The move ids it lacks and the pitfall ids it falls into: the checks must report each.
  fails: z.array(Slug).min(1),
})

export const ScorecardCriterion = z.strictObject({
  id: Slug,
  // An observable behaviour a reviewer judges from the text alone, scored 0–4.
  behaviour: z.string().min(5),
  // The automatic checks that pre-fill it: a move found counts for it, a pitfall against it.
  checks: z.array(Slug).default([]),
})
export type ScorecardCriterion = z.infer<typeof ScorecardCriterion>

export const WRITTEN_DOCUMENTS = ['email', 'letter', 'chat', 'post'] as const
export const WrittenReply = z.strictObject({
  document: z.enum(WRITTEN_DOCUMENTS),
  maxLength: z.number().int().min(100).max(2000),
  prompt: z.string().min(5).optional(),
  expect: z.array(WrittenMove).min(1),
  avoid: z.array(Slug).default([]),
  example: z.string().min(20),
  good: z.array(z.string().min(1)).min(5, 'keep at least five good example replies'),
  bad: z.array(WrittenBadExample).min(5, 'keep at least five bad example replies'),
  scorecard: z.array(ScorecardCriterion).min(3, 'a scorecard names 3 to 5 criteria').max(5, 'a scorecard names 3 to 5 criteria'),
})
export type WrittenReply = z.infer<typeof WrittenReply>

export const ScenarioNode = z.strictObject({
  customer: z.string().min(1).optional(),
  reply: z.literal('written').optional(),
  written: WrittenReply.optional(),
  choices: z.array(ScenarioChoice).default([]),
  outcome: z.string().min(5).optional(),
  result: z.enum(['resolved', 'partly-resolved', 'lost']).optional(),
})

export const ScenarioDefinition = z.strictObject({
  id: Slug,
  title: z.string().min(3),
  course: Slug,
  channel: Channel,
  summary: z.string().min(10),
  pitfalls: z.array(Slug).default([]),
  persona: z.strictObject({
    name: z.string().min(1),
    description: z.string().min(5),
    mood: z.string().min(2),
  }),
  passThresholds: z.partialRecord(Skill, z.number().int().min(0)),
  // Optional: without attemptLimit a role-play may be replayed without limit.
  attemptLimit: z.number().int().min(1).max(20).optional(),
  cooldownMinutes: z.number().int().min(0).max(60 * 24 * 30).optional(),
  review: ReviewMode.default('after-pass'),
  start: Slug,
  nodes: z.record(Slug, ScenarioNode),
})
export type ScenarioDefinition = z.infer<typeof ScenarioDefinition>

export const LearningPath = z.strictObject({
  id: Slug,
  title: z.string().min(3),
  description: z.string().min(10),
  audience: z.strictObject({
    allStaff: z.boolean().default(false),
    departments: z.array(Slug).default([]),
    jobRoles: z.array(z.string().min(2)).default([]),
  }),
  dueDays: z.number().int().min(1).max(365),
  certificate: z.strictObject({
    name: z.string().min(3),
    validityMonths: z.number().int().min(1).max(120),
  }),
  requires: z.strictObject({
    courses: z.array(Slug).default([]),
    quizzes: z.array(Slug).default([]),
    scenarios: z.array(Slug).default([]),
  }),
  // A role-play with written replies counts only once a trainer has reviewed the run and
  // passed it (the automatic checks' result is provisional until then).
  requireReviewedPass: z.boolean().optional(),
})
export type LearningPath = z.infer<typeof LearningPath>

// content/written-pitfalls.yml: the pitfalls written nodes avoid, shared by every scenario and
// extended by trainers, with word groups ($name in a pattern) for synonyms.
export const WrittenPitfall = z.strictObject({
  id: Slug,
  title: z.string().min(3),
  // The lesson that covers it, as course/lesson-slug (content/lessons/<course>/NN-<slug>.md).
  lesson: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'name the lesson as course/lesson-slug'),
  patterns: z.array(z.string().min(1)).min(1),
  // Context that makes it fine: any of these later in the same sentence or in the next one.
  unless: z.array(z.string().min(1)).default([]),
  feedback: z.string().min(5),
})
export type WrittenPitfall = z.infer<typeof WrittenPitfall>
export const WrittenLexicon = z.strictObject({
  words: z.record(Slug, z.array(z.string().min(1)).min(1)).default({}),
  pitfalls: z.array(WrittenPitfall).min(1),
})
export type WrittenLexicon = z.infer<typeof WrittenLexicon>

// content/concepts.yml: the concepts the library teaches. A lesson lists the ones it teaches
// in `concepts`; quiz questions and scenario choices list the ones they assess.
export const ConceptEntry = z.strictObject({
  id: Slug,
  title: z.string().min(3),
  group: z.string().min(3),
})
export const ConceptList = z.strictObject({
  concepts: z.array(ConceptEntry).min(1),
})
export type ConceptEntry = z.infer<typeof ConceptEntry>
