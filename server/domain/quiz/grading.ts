import type { QuizAnswer } from '../../../shared/schemas/learning'
import type { QuizDefinition, QuizQuestion } from '../../../shared/schemas/content'

// Quiz rules as plain functions: drawing, what the browser may see, grading, reveal.

export type Random = () => number

export function shuffle<T>(items: readonly T[], random: Random = Math.random): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

export interface DrawnQuestion { question: string, order: string[] }

/** Picks the pool (or every question), in a shuffled order, with shuffled options. */
export function drawQuestions(quiz: QuizDefinition, random: Random = Math.random): DrawnQuestion[] {
  const picked = shuffle(quiz.questions, random).slice(0, quiz.poolSize ?? quiz.questions.length)
  return picked.map(q => ({
    question: q.id,
    order: q.type === 'single' || q.type === 'multiple'
      ? shuffle(q.options.map(o => o.id), random)
      : q.type === 'ordering' ? shuffleUnlessSorted(q.items.map(i => i.id), random) : [],
  }))
}

// An ordering question shown already in the right order would give itself away.
function shuffleUnlessSorted(ids: string[], random: Random) {
  for (let tries = 0; tries < 10; tries++) {
    const order = shuffle(ids, random)
    if (order.some((id, i) => id !== ids[i])) return order
  }
  return [...ids].reverse()
}

/** A question as the learner sees it before submitting: no key, no explanation. */
export function presentQuestion(question: QuizQuestion, drawn: DrawnQuestion) {
  const base = { id: question.id, type: question.type, prompt: question.prompt }
  if (question.type === 'truefalse') {
    return { ...base, options: [{ id: 'true', text: 'True' }, { id: 'false', text: 'False' }] }
  }
  const pool = question.type === 'ordering' ? question.items : question.options
  return { ...base, options: drawn.order.map(id => ({ id, text: pool.find(o => o.id === id)!.text })) }
}

export function correctAnswer(question: QuizQuestion): QuizAnswer {
  switch (question.type) {
    case 'single': return question.options.find(o => o.correct)!.id
    case 'multiple': return question.options.filter(o => o.correct).map(o => o.id)
    case 'truefalse': return question.answer
    case 'ordering': return question.items.map(i => i.id)
  }
}

/** A right answer, or a plausible wrong one: what simulated learners give (demo seed, tests). */
export function sampleAnswer(question: QuizQuestion, right: boolean): QuizAnswer {
  if (right) return correctAnswer(question)
  switch (question.type) {
    case 'single': return question.options.find(o => !o.correct)!.id
    case 'multiple': return question.options.filter(o => !o.correct).map(o => o.id).slice(0, 1)
    case 'truefalse': return !question.answer
    case 'ordering': return question.items.map(i => i.id).reverse()
  }
}

/** Does this answer have the shape the question takes? (checked before saving) */
export function answerFits(question: QuizQuestion, answer: QuizAnswer): boolean {
  switch (question.type) {
    case 'single': return typeof answer === 'string' && question.options.some(o => o.id === answer)
    case 'multiple': return Array.isArray(answer) && new Set(answer).size === answer.length && answer.every(a => question.options.some(o => o.id === a))
    case 'truefalse': return typeof answer === 'boolean'
    case 'ordering': return Array.isArray(answer) && answer.length === question.items.length && question.items.every(i => answer.includes(i.id))
  }
}

export function isCorrect(question: QuizQuestion, answer: QuizAnswer | null | undefined): boolean {
  if (answer === null || answer === undefined || !answerFits(question, answer)) return false
  const key = correctAnswer(question)
  if (question.type === 'multiple') {
    const chosen = new Set(answer as string[])
    const right = key as string[]
    return chosen.size === right.length && right.every(id => chosen.has(id))
  }
  if (Array.isArray(key)) return key.every((id, i) => (answer as string[])[i] === id)
  return key === answer
}

export function gradeAttempt(quiz: QuizDefinition, draw: DrawnQuestion[], answers: Record<string, QuizAnswer | null>) {
  const results = draw.map(({ question: id }) => {
    const question = quiz.questions.find(q => q.id === id)!
    return { question: id, skill: question.skill, correct: isCorrect(question, answers[id]) }
  })
  const correct = results.filter(r => r.correct).length
  const total = results.length
  const score = total ? Math.round((correct / total) * 100) : 0
  return { results, correct, total, score, passed: score >= quiz.passMark }
}
