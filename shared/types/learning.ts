import type { CHANNELS, QuizQuestion, Skill } from '../schemas/content'
import type { QuizAnswer } from '../schemas/learning'

// The views the learning routes return and the client reads. Dates travel as ISO 8601
// strings (what JSON makes of them), so the server's builders write them as strings.

export type IsoDate = string

/** A trainer's note; on the learner's own views `ref` names it for the seen marker. */
export interface CoachingView { author: string, text: string, at: IsoDate, ref?: string }

export interface PresentedQuestion {
  id: string
  type: QuizQuestion['type']
  prompt: string
  options: { id: string, text: string }[]
}

/** One answer reviewed: the right answer and explanation only in the full review (else null). */
export interface QuestionReview {
  id: string
  correct: boolean
  correctAnswer: QuizAnswer | null
  explanation: string | null
}

export interface AttemptResult {
  score: number
  correct: number
  total: number
  passed: boolean
  submittedAt: IsoDate
  /** Correct answers and explanations shown (after passing, after the last attempt, or as the quiz's review says). */
  fullReview: boolean
  reviewNote: string | null
  review: QuestionReview[]
  /** Skills under the pass mark in this attempt, and lessons that teach them. */
  skillsShort: { skill: string, right: number, total: number }[]
  lessons: { course: string, slug: string, title: string, skills: string[] }[]
  coaching: CoachingView[]
  /** Certificates this attempt earned: it completed the last requirement of their paths. */
  earned?: EarnedCertificate[]
}

/** A certificate a result earned, for the celebration on the result page. */
export interface EarnedCertificate { code: string, name: string, pathTitle: string }

/** The learner's attempts at a quiz or role-play: how many are left and what happens after the last. */
export interface AttemptsLeft {
  used: number
  limit: number | null
  remaining: number | null
  extra: number
  afterLast: string | null
  blocked: string | null
}

/** A quiz attempt as its learner (or a reviewing trainer) sees it; keys only once submitted. */
export interface AttemptView {
  id: string
  quiz: { id: string, title: string, course: string, passMark: number }
  number: number
  status: 'in-progress' | 'submitted'
  version: string
  startedAt: IsoDate
  questions: PresentedQuestion[]
  answers: Record<string, QuizAnswer | null>
  /** For the learner's own attempt; null when a trainer reviews someone else's. */
  attempts: AttemptsLeft | null
  result: AttemptResult | null
}

/** What a save of answers returns: how many were stored and the attempt's answers now. */
export interface SavedAnswers {
  saved: number
  answers: Record<string, QuizAnswer | null>
}

export interface SkillResult { skill: Skill, score: number, max: number, threshold: number, percent: number, passed: boolean }

/** A trainer's scorecard on a run with written replies: pending until reviewed, then final (a correction is audited). */
export interface RunReviewView {
  status: 'pending' | 'reviewed'
  revision: number
  /** The automatic result the run completed with (provisional until reviewed). */
  autoPassed: boolean
  passed: boolean | null
  reviewer: string | null
  reviewedAt: IsoDate | null
  /** One per criterion of each written node: the score the checks propose, and the trainer's (null until reviewed). */
  lines: { node: string, criterion: string, behaviour: string, checks: string[], proposed: number, score: number | null }[]
  /** Comments on a sentence of the reply at a node. */
  comments: { node: string, quote: string, text: string }[]
  corrections: { reviewer: string, at: IsoDate, reason: string, passed: boolean, previousPassed: boolean }[]
}

export interface RunResult {
  skills: SkillResult[]
  /** The result that counts: the trainer's once reviewed, else the automatic one. */
  passed: boolean
  /** Set for a run with written replies. */
  review: RunReviewView | null
  outcome: string
  result: 'resolved' | 'partly-resolved' | 'lost'
  completedAt: IsoDate | null
  coaching: CoachingView[]
  /** Certificates this run earned: it completed the last requirement of their paths. */
  earned?: EarnedCertificate[]
}

export interface PresentedNode {
  id: string
  customer: string | null
  choices: { id: string, text: string }[]
  /** Set when the learner writes their own reply here: no checks, patterns or example reply, only what the box needs. */
  written: { document: 'email' | 'letter' | 'chat' | 'post', maxLength: number, prompt: string | null } | null
  end: boolean
}

/** A move a good written reply makes, and whether the learner's reply made it (quoting the words). */
export interface MoveFinding { id: string, move: string, found: boolean, quote: string | null, feedback: string }
/** A pitfall the reply fell into, quoting it, with the lesson that covers it (course/lesson-slug). */
export interface PitfallFinding { id: string, title: string, quote: string, feedback: string, lesson: string, lessonTitle?: string }
/** Length and readability of an e-mail or letter against the written-tone guide. */
export interface ToneReport {
  words: number
  sentences: number
  wordsPerSentence: number
  longestSentence: number
  exclamations: number
  shouting: string[]
  notes: string[]
}
export interface WrittenFindings {
  moves: MoveFinding[]
  pitfalls: PitfallFinding[]
  length: { characters: number, limit: number, over: boolean }
  tone: ToneReport | null
}
/** What the learner sees after a written reply: the automatic findings and, now, the file's example reply. */
export interface WrittenStepView extends WrittenFindings { example: string }

/** A role-play run as its learner (or a reviewing trainer) sees it. */
export interface RunView {
  id: string
  scenario: { id: string, title: string, course: string, channel: (typeof CHANNELS)[number], summary: string, persona: { name: string, description: string, mood: string } }
  number: number
  status: 'in-progress' | 'completed' | 'abandoned'
  version: string
  /** Each reply taken, with its feedback and the order the replies were shown in. */
  transcript: { node: string, customer: string, reply: string, feedback: string, ms: number, shown: string[], written: WrittenStepView | null }[]
  node: PresentedNode | null
  attempts: AttemptsLeft | null
  result: RunResult | null
  review: RunReview | null
}

/**
 * After a run: the full review (every reply at each step with its scores, and the best
 * route) once the learner has passed or has no run left; otherwise why it is held back.
 */
export type RunReview
  = | { full: false, reason: string }
    | {
      full: true
      steps: { node: string, choice: string, replies: { id: string, text: string, feedback: string, scores: Partial<Record<Skill, number>>, taken: boolean }[] }[]
      bestRoute: { node: string, customer: string, reply: string, feedback: string, scores: Partial<Record<Skill, number>> }[]
    }

/** What a reply in a role-play returns: the step's feedback and the run after it. */
export interface StepView {
  step: { reply: string, feedback: string, written: WrittenStepView | null }
  run: RunView
}

/** A lesson opened: when first, when it may be marked read, and whether it is already. */
export interface LessonOpenedView { course: string, lesson: string, openedAt: IsoDate, readableAt: IsoDate, completedAt: IsoDate | null }

/** A lesson marked read: the first reading's date. */
export interface LessonCompletionView { course: string, lesson: string, completedAt: IsoDate }

/** A revoked certificate. */
export interface RevocationView { code: string, revokedAt: IsoDate }

export interface MyPathItem { kind: 'lesson' | 'quiz' | 'scenario', id: string, title: string, done: boolean, href: string, minutes: number, /** Not done yet because a run of it waits for a trainer's review. */ awaitingReview?: boolean }

/** A path's items of one course, in the order to do them. */
export interface MyPathCourse { course: string, title: string, minutes: number, minutesLeft: number, items: MyPathItem[] }

/** The signed-in learner's paths, next steps, due dates and certificates. */
export interface MyLearningView {
  paths: {
    id: string
    title: string
    description: string
    certificateName: string
    cycle: number
    required: number
    done: number
    dueAt: IsoDate
    /** A trainer, HR or an administrator set this due date. */
    dueExtended: boolean
    exempt: boolean
    status: 'not-started' | 'on-track' | 'overdue' | 'complete' | 'exempt'
    /** The status with "at risk" where the items left no longer fit in the days left. */
    standing: 'not-started' | 'on-track' | 'at-risk' | 'overdue' | 'complete' | 'exempt'
    daysLeft: number
    minutes: number
    minutesLeft: number
    next: (MyPathItem & { course?: string }) | null
    items: MyPathItem[]
    /** The same items grouped by course: courses with something left first. */
    courses: MyPathCourse[]
    certificate: { code: string, expiresAt: IsoDate } | null
  }[]
  certificates: {
    code: string
    name: string
    pathTitle: string
    cycle: number
    issuedAt: IsoDate
    expiresAt: IsoDate
    status: 'valid' | 'expired' | 'revoked'
  }[]
}

/** What one learner has done in one course: the course page's ticks, results and next step. */
export interface CourseProgressView {
  /** Slugs of the lessons read. */
  lessonsRead: string[]
  quizzes: Record<string, { attempts: number, best: number | null, passed: boolean, inProgress: boolean }>
  scenarios: Record<string, { runs: number, passed: boolean, inProgress: boolean }>
  /** The next thing to do in this course; null once everything is read and passed. */
  next: { kind: 'lesson' | 'quiz' | 'scenario', title: string, href: string, resume: boolean } | null
}

export interface QuizResultRow {
  id: string
  quiz: { id: string, title: string, course: string }
  number: number
  submittedAt: IsoDate
  score: number
  passed: boolean
  coaching: CoachingView[]
}

export interface RunResultRow {
  id: string
  scenario: { id: string, title: string, course: string }
  number: number
  completedAt: IsoDate
  /** Share of the best possible score over the scored skills, 0–100. */
  score: number
  passed: boolean
  coaching: CoachingView[]
}

/** One skill across every finished quiz attempt and role-play run that scored it (scores 0–100). */
export interface SkillProfileRow {
  skill: string
  /** The score of the newest assessment that scored this skill. */
  latest: number
  best: number
  assessments: number
  quizzes: number
  rolePlays: number
  /** When the newest of them was finished. */
  lastAt: IsoDate
}

/** "My results": every submitted quiz attempt and completed role-play run, newest first. */
export interface MyResultsView {
  quizAttempts: QuizResultRow[]
  scenarioRuns: RunResultRow[]
  /** The newest coaching notes across all results, newest first; `new`: written after the learner last saw their notes. */
  coaching: (CoachingView & { href: string, on: string, new: boolean })[]
  /** The skills profile across all of them. */
  skills: SkillProfileRow[]
}
