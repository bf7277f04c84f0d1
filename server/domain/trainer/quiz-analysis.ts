import type { QuizDefinition, QuizQuestion, Skill } from '../../../shared/schemas/content'
import type { QuizAnswer } from '../../../shared/schemas/learning'
import { correlationOf, meanOf, shareOf } from '../../utils/statistics'

// Quiz analysis for trainers, as a pure function of submitted attempts.
// Every figure is computed per content version: an edited question is a new
// question, and mixing it with its old self would blur both.

/** A submitted attempt as stored (server/models/quiz-attempt.ts). */
export interface AttemptForAnalysis {
  user?: string
  version: string
  score: number
  passed: boolean
  submittedAt?: Date | null
  answers: Record<string, QuizAnswer | null | undefined>
  results: { question: string, correct: boolean }[]
  /** The questions as drawn; needed for versions other than the current one. */
  snapshot?: QuizQuestion[]
}

export const QUESTION_FLAG_LIMITS = {
  /** More than this share correct: the question tells nobody apart. */
  tooEasy: 0.9,
  /** Less than this share correct: check the key and the wording. */
  tooHard: 0.3,
  /** Below this item-rest correlation the question barely separates strong from weak learners. */
  lowDiscrimination: 0.2,
  /** Fewer answers than this: figures are indicative only. */
  fewAnswers: 10,
} as const

export type QuestionFlag = 'too-easy' | 'too-hard' | 'negative-discrimination' | 'low-discrimination'

export interface ChoiceCount { id: string, text: string, correct: boolean, count: number }

export interface QuestionAnalysis {
  id: string
  type: QuizQuestion['type']
  prompt: string
  skill: Skill
  /** Attempts that drew this question. */
  answered: number
  /** Drawn but left without an answer (graded wrong). */
  unanswered: number
  correct: number
  /** Share of attempts that drew the question and got it right (the classical "difficulty" or p-value). */
  difficulty: number | null
  /**
   * Point-biserial correlation between getting this question right and the share of
   * the attempt's other questions answered right (corrected item-total correlation).
   */
  discrimination: number | null
  /** How often each option (or, for ordering questions, each order) was picked. */
  choices: ChoiceCount[]
  flags: QuestionFlag[]
  fewAnswers: boolean
}

export interface VersionAnalysis {
  version: string
  current: boolean
  attempts: number
  learners: number
  passRate: number | null
  averageScore: number | null
  firstAt: Date | null
  lastAt: Date | null
  questions: QuestionAnalysis[]
}

export interface QuizAnalysis {
  quiz: { id: string, title: string, course: string, passMark: number, version: string, questionCount: number, poolSize: number | null }
  attempts: number
  learners: number
  passRate: number | null
  averageScore: number | null
  versions: VersionAnalysis[]
}

export function questionFlags(difficulty: number | null, discrimination: number | null): QuestionFlag[] {
  const flags: QuestionFlag[] = []
  if (difficulty !== null && difficulty > QUESTION_FLAG_LIMITS.tooEasy) flags.push('too-easy')
  if (difficulty !== null && difficulty < QUESTION_FLAG_LIMITS.tooHard) flags.push('too-hard')
  if (discrimination !== null && discrimination < 0) flags.push('negative-discrimination')
  else if (discrimination !== null && discrimination < QUESTION_FLAG_LIMITS.lowDiscrimination) flags.push('low-discrimination')
  return flags
}

const orderKey = (ids: readonly string[]) => ids.join('>')

/** Counts every option picked (every order, for ordering questions), in the definition's order. */
export function countChoices(question: QuizQuestion, answers: (QuizAnswer | null | undefined)[]): { choices: ChoiceCount[], unanswered: number } {
  let unanswered = 0
  const given = answers.filter((a) => {
    const missing = a === null || a === undefined || (Array.isArray(a) && a.length === 0)
    if (missing) unanswered++
    return !missing
  }) as QuizAnswer[]

  if (question.type === 'truefalse') {
    const count = (value: boolean) => given.filter(a => a === value).length
    return {
      unanswered,
      choices: [
        { id: 'true', text: 'True', correct: question.answer, count: count(true) },
        { id: 'false', text: 'False', correct: !question.answer, count: count(false) },
      ],
    }
  }
  if (question.type === 'ordering') {
    const text = new Map(question.items.map(i => [i.id, i.text]))
    const key = orderKey(question.items.map(i => i.id))
    const counts = new Map<string, { ids: string[], count: number }>([[key, { ids: question.items.map(i => i.id), count: 0 }]])
    for (const answer of given) {
      if (!Array.isArray(answer)) continue
      const k = orderKey(answer)
      const entry = counts.get(k) ?? { ids: answer, count: 0 }
      entry.count++
      counts.set(k, entry)
    }
    const choices = [...counts].map(([k, { ids, count }]) => ({
      id: k,
      text: ids.map(id => text.get(id) ?? id).join(' → '),
      correct: k === key,
      count,
    }))
    // The right order first, then the most common wrong ones.
    choices.sort((a, b) => Number(b.correct) - Number(a.correct) || b.count - a.count || a.id.localeCompare(b.id))
    return { choices, unanswered }
  }
  const picked = given.flatMap(a => Array.isArray(a) ? a : [a])
  return {
    unanswered,
    choices: question.options.map(o => ({ id: o.id, text: o.text, correct: o.correct, count: picked.filter(p => p === o.id).length })),
  }
}

function analyseQuestion(question: QuizQuestion, attempts: AttemptForAnalysis[]): QuestionAnalysis {
  const took = attempts.filter(a => a.results.some(r => r.question === question.id))
  const items: number[] = []
  const rests: number[] = []
  let correct = 0
  for (const attempt of took) {
    const item = attempt.results.find(r => r.question === question.id)!.correct ? 1 : 0
    correct += item
    const others = attempt.results.length - 1
    if (others < 1) continue
    const rightElsewhere = attempt.results.filter(r => r.correct).length - item
    items.push(item)
    // A share, not a count: with a question pool, attempts may draw different numbers of questions.
    rests.push(rightElsewhere / others)
  }
  const difficulty = shareOf(correct, took.length)
  const discrimination = correlationOf(items, rests)
  const { choices, unanswered } = countChoices(question, took.map(a => a.answers[question.id]))
  return {
    id: question.id,
    type: question.type,
    prompt: question.prompt,
    skill: question.skill,
    answered: took.length,
    unanswered,
    correct,
    difficulty,
    discrimination,
    choices,
    flags: questionFlags(difficulty, discrimination),
    fewAnswers: took.length < QUESTION_FLAG_LIMITS.fewAnswers,
  }
}

function summarise(attempts: AttemptForAnalysis[]) {
  return {
    attempts: attempts.length,
    learners: new Set(attempts.map((a, i) => a.user ?? `#${i}`)).size,
    passRate: shareOf(attempts.filter(a => a.passed).length, attempts.length),
    averageScore: meanOf(attempts.map(a => a.score)),
  }
}

/** The questions of one version: the current definition, or what the attempts recorded when drawn. */
function versionQuestions(attempts: AttemptForAnalysis[], current: QuizDefinition | null): QuizQuestion[] {
  if (current) return current.questions
  const seen = new Map<string, QuizQuestion>()
  for (const attempt of attempts) {
    for (const question of attempt.snapshot ?? []) if (!seen.has(question.id)) seen.set(question.id, question)
  }
  return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }))
}

export function analyseQuiz(quiz: { definition: QuizDefinition, version: string }, attempts: AttemptForAnalysis[]): QuizAnalysis {
  const byVersion = new Map<string, AttemptForAnalysis[]>([[quiz.version, []]])
  for (const attempt of attempts) {
    const list = byVersion.get(attempt.version) ?? []
    list.push(attempt)
    byVersion.set(attempt.version, list)
  }
  const versions = [...byVersion].map(([version, group]): VersionAnalysis => {
    const current = version === quiz.version
    const times = group.map(a => a.submittedAt?.getTime()).filter((t): t is number => typeof t === 'number')
    return {
      version,
      current,
      ...summarise(group),
      firstAt: times.length ? new Date(Math.min(...times)) : null,
      lastAt: times.length ? new Date(Math.max(...times)) : null,
      questions: versionQuestions(group, current ? quiz.definition : null)
        .map(question => analyseQuestion(question, group))
        .filter(q => current || q.answered > 0),
    }
  })
  // The current version first, then older ones, most recently taken first.
  versions.sort((a, b) => Number(b.current) - Number(a.current) || (b.lastAt?.getTime() ?? 0) - (a.lastAt?.getTime() ?? 0))
  const q = quiz.definition
  return {
    quiz: { id: q.id, title: q.title, course: q.course, passMark: q.passMark, version: quiz.version, questionCount: q.questions.length, poolSize: q.poolSize ?? null },
    ...summarise(attempts),
    versions,
  }
}
