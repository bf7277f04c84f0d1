import type { CHANNELS, QuizQuestion, Skill } from '../schemas/content'
import type { QuizAnswer } from '../schemas/learning'

// The views the learning routes return and the client reads. Dates travel as ISO 8601
// strings (what JSON makes of them), so the server's builders write them as strings.

export type IsoDate = string

export interface CoachingView { author: string, text: string, at: IsoDate }

export interface PresentedQuestion {
  id: string
  type: QuizQuestion['type']
  prompt: string
  options: { id: string, text: string }[]
}

export interface QuestionReview {
  id: string
  correct: boolean
  correctAnswer: QuizAnswer
  explanation: string
}

export interface AttemptResult {
  score: number
  correct: number
  total: number
  passed: boolean
  submittedAt: IsoDate
  review: QuestionReview[]
  coaching: CoachingView[]
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
  result: AttemptResult | null
}

/** What a save of answers returns: how many were stored and the attempt's answers now. */
export interface SavedAnswers {
  saved: number
  answers: Record<string, QuizAnswer | null>
}

export interface SkillResult { skill: Skill, score: number, max: number, threshold: number, percent: number, passed: boolean }

export interface RunResult {
  skills: SkillResult[]
  passed: boolean
  outcome: string
  result: 'resolved' | 'partly-resolved' | 'lost'
  completedAt: IsoDate | null
  coaching: CoachingView[]
}

export interface PresentedNode {
  id: string
  customer: string | null
  choices: { id: string, text: string }[]
  end: boolean
}

/** A role-play run as its learner (or a reviewing trainer) sees it. */
export interface RunView {
  id: string
  scenario: { id: string, title: string, course: string, channel: (typeof CHANNELS)[number], summary: string, persona: { name: string, description: string, mood: string } }
  number: number
  status: 'in-progress' | 'completed' | 'abandoned'
  version: string
  transcript: { node: string, customer: string, reply: string, feedback: string, ms: number }[]
  node: PresentedNode | null
  result: RunResult | null
}

/** What a reply in a role-play returns: the step's feedback and the run after it. */
export interface StepView {
  step: { reply: string, feedback: string }
  run: RunView
}

/** A lesson marked read: the first reading's date. */
export interface LessonCompletionView { course: string, lesson: string, completedAt: IsoDate }

/** A revoked certificate. */
export interface RevocationView { code: string, revokedAt: IsoDate }

export interface MyPathItem { kind: 'lesson' | 'quiz' | 'scenario', id: string, title: string, done: boolean, href: string }

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
    status: 'not-started' | 'on-track' | 'overdue' | 'complete'
    next: (MyPathItem & { course?: string }) | null
    items: MyPathItem[]
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
