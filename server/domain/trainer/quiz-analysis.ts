import type { QuizDefinition, QuizQuestion, Skill } from '../../../shared/schemas/content'
import type { QuizAnswer } from '../../../shared/schemas/learning'
import { shareOf } from '../../utils/statistics.ts'
import type { QuizAttemptFact } from '../../models/learner-record.ts'

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

const isMissing = (a: QuizAnswer | null | undefined): a is null | undefined => a === null || a === undefined || (Array.isArray(a) && a.length === 0)

/**
 * What one answer adds to a question's pick counts: the option ids picked, `true`/`false`,
 * or the order given (item ids joined by `>`). Empty for a question left unanswered.
 * Ids are content slugs, so each key is a safe field name for the running sums.
 */
export function choiceKeys(question: QuizQuestion, answer: QuizAnswer | null | undefined): string[] {
  if (isMissing(answer)) return []
  if (question.type === 'truefalse') return typeof answer === 'boolean' ? [String(answer)] : []
  if (question.type === 'ordering') return Array.isArray(answer) ? [orderKey(answer)] : []
  return (Array.isArray(answer) ? answer : [answer]).map(String)
}

/** The choices shown for a question from its pick counts, in the definition's order. */
export function choicesFromCounts(question: QuizQuestion, picks: Readonly<Record<string, number>>): ChoiceCount[] {
  if (question.type === 'truefalse') {
    return [
      { id: 'true', text: 'True', correct: question.answer, count: picks.true ?? 0 },
      { id: 'false', text: 'False', correct: !question.answer, count: picks.false ?? 0 },
    ]
  }
  if (question.type === 'ordering') {
    const text = new Map(question.items.map(i => [i.id, i.text]))
    const key = orderKey(question.items.map(i => i.id))
    const choices = Object.entries({ [key]: 0, ...picks }).map(([k, count]) => ({
      id: k,
      text: k.split('>').map(id => text.get(id) ?? id).join(' → '),
      correct: k === key,
      count,
    }))
    // The right order first, then the most common wrong ones.
    choices.sort((a, b) => Number(b.correct) - Number(a.correct) || b.count - a.count || a.id.localeCompare(b.id))
    return choices
  }
  return question.options.map(o => ({ id: o.id, text: o.text, correct: o.correct, count: picks[o.id] ?? 0 }))
}

/** Counts every option picked (every order, for ordering questions), in the definition's order. */
export function countChoices(question: QuizQuestion, answers: (QuizAnswer | null | undefined)[]): { choices: ChoiceCount[], unanswered: number } {
  const picks: Record<string, number> = {}
  let unanswered = 0
  for (const answer of answers) {
    if (isMissing(answer)) unanswered++
    for (const key of choiceKeys(question, answer)) picks[key] = (picks[key] ?? 0) + 1
  }
  return { choices: choicesFromCounts(question, picks), unanswered }
}

// ---------------------------------------------------------------------------------------
// Running sums. Every figure above follows from a few sums per question and version, so
// they are kept up to date at each submission (quiz-sums.ts) and the analysis reads them
// instead of every attempt. Pearson's r from sums: with x the item (0/1, so Σx² = Σx) and
// y the share right elsewhere, Sxy = Σxy − ΣxΣy/n, Sxx = Σx − (Σx)²/n, Syy = Σy² − (Σy)²/n.

export interface QuestionSums {
  /** Attempts that drew the question, those left unanswered, those answered right. */
  answered: number
  unanswered: number
  correct: number
  /** Pairs (item, rest) for the discrimination: attempts with at least one other question. */
  n: number
  sx: number
  sy: number
  syy: number
  sxy: number
  /** Picks per choice key (choiceKeys). */
  picks: Record<string, number>
  /** The question as drawn in this version (for versions other than the current one). */
  definition?: QuizQuestion
}

export interface VersionSums {
  version: string
  attempts: number
  passed: number
  scoreSum: number
  /** Learners with an attempt at this version. */
  learners: number
  /** Learners whose first attempt at the quiz was at this version (they add up to the quiz's learners). */
  newLearners: number
  firstAt: Date | null
  lastAt: Date | null
  questions: Record<string, QuestionSums>
}

/** What one submitted attempt adds to its version's sums (the increments the writer applies). */
export function attemptIncrements(attempt: Pick<AttemptForAnalysis, 'score' | 'passed' | 'answers' | 'results'>, questions: readonly QuizQuestion[]) {
  const inc: Record<string, number> = { attempts: 1, passed: attempt.passed ? 1 : 0, scoreSum: attempt.score }
  const right = attempt.results.filter(r => r.correct).length
  const others = attempt.results.length - 1
  for (const result of attempt.results) {
    const at = `questions.${result.question}.`
    const x = result.correct ? 1 : 0
    const answer = attempt.answers[result.question]
    inc[`${at}answered`] = 1
    inc[`${at}unanswered`] = isMissing(answer) ? 1 : 0
    inc[`${at}correct`] = x
    if (others >= 1) {
      // A share, not a count: with a question pool, attempts may draw different numbers of questions.
      const y = (right - x) / others
      Object.assign(inc, { [`${at}n`]: 1, [`${at}sx`]: x, [`${at}sy`]: y, [`${at}syy`]: y * y, [`${at}sxy`]: x * y })
    }
    const question = questions.find(q => q.id === result.question)
    for (const key of question ? choiceKeys(question, answer) : []) inc[`${at}picks.${key}`] = (inc[`${at}picks.${key}`] ?? 0) + 1
  }
  return inc
}

const emptyQuestionSums = (): QuestionSums => ({ answered: 0, unanswered: 0, correct: 0, n: 0, sx: 0, sy: 0, syy: 0, sxy: 0, picks: {} })

/** Adds dotted-path increments into sums held in memory (what $inc does in the database). */
export function applyIncrements(sums: VersionSums, inc: Record<string, number>) {
  for (const [path, by] of Object.entries(inc)) {
    const [head, id, field, key] = path.split('.')
    if (head !== 'questions') {
      (sums as unknown as Record<string, number>)[head!] = ((sums as unknown as Record<string, number>)[head!] ?? 0) + by
      continue
    }
    const question = sums.questions[id!] ??= emptyQuestionSums()
    if (field === 'picks') question.picks[key!] = (question.picks[key!] ?? 0) + by
    else (question as unknown as Record<string, number>)[field!] = ((question as unknown as Record<string, number>)[field!] ?? 0) + by
  }
}

export const emptyVersionSums = (version: string): VersionSums => ({ version, attempts: 0, passed: 0, scoreSum: 0, learners: 0, newLearners: 0, firstAt: null, lastAt: null, questions: {} })

/** Folds stored attempts into sums, oldest first: what the writer builds one submission at a time. */
export function sumAttempts(attempts: AttemptForAnalysis[], current?: { definition: QuizDefinition, version: string }): VersionSums[] {
  const byVersion = new Map<string, VersionSums>()
  const seenInVersion = new Set<string>()
  const seenInQuiz = new Set<string>()
  const ordered = attempts.map((a, i) => ({ a, i })).sort((p, q) => (p.a.submittedAt?.getTime() ?? 0) - (q.a.submittedAt?.getTime() ?? 0) || p.i - q.i)
  for (const { a, i } of ordered) {
    const sums = byVersion.get(a.version) ?? emptyVersionSums(a.version)
    byVersion.set(a.version, sums)
    const questions = a.snapshot ?? (current && a.version === current.version ? current.definition.questions : [])
    applyIncrements(sums, attemptIncrements(a, questions))
    for (const question of a.snapshot ?? []) {
      const entry = sums.questions[question.id]
      if (entry && !entry.definition) entry.definition = question
    }
    const user = a.user ?? `#${i}`
    if (!seenInVersion.has(`${a.version}|${user}`)) {
      seenInVersion.add(`${a.version}|${user}`)
      sums.learners++
    }
    if (!seenInQuiz.has(user)) {
      seenInQuiz.add(user)
      sums.newLearners++
    }
    const at = a.submittedAt ?? null
    if (at && (!sums.firstAt || at < sums.firstAt)) sums.firstAt = at
    if (at && (!sums.lastAt || at > sums.lastAt)) sums.lastAt = at
  }
  return [...byVersion.values()]
}

/** Pearson's r from running sums of a 0/1 series x and a series y; null as correlationOf gives it. */
export function correlationFromSums(s: Pick<QuestionSums, 'n' | 'sx' | 'sy' | 'syy' | 'sxy'>): number | null {
  if (s.n < 2) return null
  const sxx = s.sx - (s.sx * s.sx) / s.n
  const syy = s.syy - (s.sy * s.sy) / s.n
  const sxy = s.sxy - (s.sx * s.sy) / s.n
  // Sums of squares of identical values can come out as tiny non-zero rounding errors.
  if (sxx < 1e-9 || syy < 1e-9) return null
  return sxy / Math.sqrt(sxx * syy)
}

function analyseQuestion(question: QuizQuestion, sums: QuestionSums | undefined): QuestionAnalysis {
  const q = sums ?? emptyQuestionSums()
  const difficulty = shareOf(q.correct, q.answered)
  const discrimination = correlationFromSums(q)
  return {
    id: question.id,
    type: question.type,
    prompt: question.prompt,
    skill: question.skill,
    answered: q.answered,
    unanswered: q.unanswered,
    correct: q.correct,
    difficulty,
    discrimination,
    choices: choicesFromCounts(question, q.picks),
    flags: questionFlags(difficulty, discrimination),
    fewAnswers: q.answered < QUESTION_FLAG_LIMITS.fewAnswers,
  }
}

/** The questions of one version: the current definition, or those the sums recorded as drawn. */
function versionQuestions(sums: VersionSums, current: QuizDefinition | null): QuizQuestion[] {
  if (current) return current.questions
  return Object.values(sums.questions).map(q => q.definition).filter((q): q is QuizQuestion => Boolean(q))
    .sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }))
}

/** The analysis of a quiz from the running sums of each of its versions. */
export function analyseQuizSums(quiz: { definition: QuizDefinition, version: string }, sums: VersionSums[]): QuizAnalysis {
  const all = sums.some(v => v.version === quiz.version) ? sums : [emptyVersionSums(quiz.version), ...sums]
  const versions = all.map((v): VersionAnalysis => {
    const current = v.version === quiz.version
    return {
      version: v.version,
      current,
      attempts: v.attempts,
      learners: v.learners,
      passRate: shareOf(v.passed, v.attempts),
      averageScore: v.attempts ? v.scoreSum / v.attempts : null,
      firstAt: v.firstAt,
      lastAt: v.lastAt,
      questions: versionQuestions(v, current ? quiz.definition : null)
        .map(question => analyseQuestion(question, v.questions[question.id]))
        .filter(q => current || q.answered > 0),
    }
  })
  // The current version first, then older ones, most recently taken first.
  versions.sort((a, b) => Number(b.current) - Number(a.current) || (b.lastAt?.getTime() ?? 0) - (a.lastAt?.getTime() ?? 0))
  const q = quiz.definition
  const attempts = all.reduce((n, v) => n + v.attempts, 0)
  return {
    quiz: { id: q.id, title: q.title, course: q.course, passMark: q.passMark, version: quiz.version, questionCount: q.questions.length, poolSize: q.poolSize ?? null },
    attempts,
    learners: all.reduce((n, v) => n + v.newLearners, 0),
    passRate: shareOf(all.reduce((n, v) => n + v.passed, 0), attempts),
    averageScore: attempts ? all.reduce((n, v) => n + v.scoreSum, 0) / attempts : null,
    versions,
  }
}

/** The same analysis from the stored attempts themselves (tests, and rebuilding the sums). */
export function analyseQuiz(quiz: { definition: QuizDefinition, version: string }, attempts: AttemptForAnalysis[]): QuizAnalysis {
  return analyseQuizSums(quiz, sumAttempts(attempts, quiz))
}

/**
 * Whether the learner is new to the quiz and to this version, read off their record with
 * this attempt's fact already noted: no other submitted attempt of the quiz (of the
 * version). Null when an earlier fact predates versions in facts (before 2 Dec 2026): such
 * learners were counted through the markers, which then decide.
 */
export function newLearnerFromRecord(record: { quizAttempts: Record<string, Pick<QuizAttemptFact, 'quiz' | 'version' | 'status'>> }, attempt: { _id: unknown, quiz: string, version: string }): [boolean, boolean] | null {
  const others = Object.entries(record.quizAttempts)
    .filter(([id, fact]) => id !== String(attempt._id) && fact.quiz === attempt.quiz && fact.status === 'submitted')
    .map(([, fact]) => fact)
  if (others.some(fact => !fact.version)) return null
  return [others.length === 0, !others.some(fact => fact.version === attempt.version)]
}
