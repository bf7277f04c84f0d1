import type { QuizFigures, ScenarioFigures } from '../types/validity'

// The validity figures as sentences, one per line, for the trainer's content page and the
// editor's preview (the same words in both places).

const pct = (p: number) => `${(Math.round(p * 1000) / 10).toFixed(1)} %`
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export function quizFigureLines(v: QuizFigures | null): string[] {
  if (!v) return []
  return [
    `Guessing passes ${pct(v.guessPass)} of attempts`,
    v.singleChoice ? `Correct option longest in ${v.longestCorrect} of ${v.singleChoice} single-choice questions` : 'No single-choice questions',
  ]
}

export function scenarioFigureLines(v: ScenarioFigures | null): string[] {
  if (!v) return ['Not played: fix the problems below first']
  return [
    `Random clicking passes ${pct(v.randomPass)} (${v.randomPassFraction}) over ${plural(v.routes, 'route')}`,
    v.passingStrategies.length
      ? `Passed by always picking the ${v.passingStrategies.join(', ')} reply`
      : 'No test-wise strategy passes (longest, shortest, first, last)',
    `Best reply is the longest at ${v.bestIsLongest} of ${v.nodes} points`,
  ]
}
