import { expect } from 'vitest'
import type { QuizAnswer } from '../../shared/schemas/learning'
import type { ScenarioDefinition, Skill } from '../../shared/schemas/content'
import { loadContent } from '../../scripts/content-files'
import { sampleAnswer } from '../../server/domain/quiz/grading'
import { addScores, scenarioResult } from '../../server/domain/scenario/scenario-engine'
import { checkWrittenReply, pickWrittenBranch } from '../../server/domain/scenario/written-checks'
import type { SignedIn } from './accounts'

// Tests act as learners through HTTP; they know the answers because they read content/.

export const library = loadContent().library

export interface AttemptView {
  id: string
  status: string
  version: string
  questions: { id: string, type: string, prompt: string, options: { id: string, text: string }[] }[]
  answers: Record<string, QuizAnswer | null>
  result: null | { score: number, passed: boolean, correct: number, total: number, review: { id: string, correct: boolean, correctAnswer: QuizAnswer, explanation: string }[] }
}

export function answersFor(quizId: string, attempt: AttemptView, right: (index: number) => boolean = () => true) {
  const quiz = library.quizzes.get(quizId)!.definition
  const answers: Record<string, QuizAnswer> = {}
  attempt.questions.forEach((shown, i) => {
    answers[shown.id] = sampleAnswer(quiz.questions.find(q => q.id === shown.id)!, right(i))
  })
  return answers
}

export async function takeQuiz(learner: SignedIn, quizId: string, right: (index: number) => boolean = () => true) {
  const started = await learner.json<AttemptView>(`/api/quizzes/${quizId}/attempts`, { method: 'POST' })
  expect(started.status, JSON.stringify(started.body)).toBe(200)
  const answers = answersFor(quizId, started.body, right)
  expect((await learner.json(`/api/quiz-attempts/${started.body.id}/answers`, { method: 'PUT', body: { answers } })).status).toBe(200)
  const submitted = await learner.json<AttemptView>(`/api/quiz-attempts/${started.body.id}/submit`, { method: 'POST' })
  expect(submitted.status).toBe(200)
  return submitted.body
}

type RouteStep = { node: string, choice: string } | { node: string, text: string }

/**
 * Every route through a scenario, with the answers sent and whether it passes. At a written
 * node a branch is taken by sending one of the file's example replies that leads to it (the
 * example reply first), so only branches some example reaches are walked.
 */
export function scenarioRoutes(scenario: ScenarioDefinition) {
  const routes: { choices: RouteStep[], passed: boolean }[] = []
  // The reply that leads to each branch of a written node depends on the node only: found once,
  // not again for every route through the node (checking replies is slow, and a walk that
  // blocks the event loop for seconds lets the server close the test's idle keep-alive sockets).
  const replies = new Map<string, string | undefined>()
  const replyFor = (node: string, choice: string) => {
    const key = `${node}\u0000${choice}`
    if (!replies.has(key)) {
      const current = scenario.nodes[node]!
      const written = current.written!
      replies.set(key, [written.example, ...written.good, ...written.bad.map(b => b.text)]
        .find(t => pickWrittenBranch(current.choices, checkWrittenReply(written, library.written.lexicon, t)).id === choice))
    }
    return replies.get(key)
  }
  const walk = (node: string, scores: Partial<Record<Skill, number>>, taken: RouteStep[]) => {
    const current = scenario.nodes[node]!
    if (!current.choices.length) {
      routes.push({ choices: taken, passed: scenarioResult(scenario, scores, node).passed })
      return
    }
    const written = current.written
    for (const choice of current.choices) {
      if (!written) {
        walk(choice.next, addScores(scores, choice.scores), [...taken, { node, choice: choice.id }])
        continue
      }
      const text = replyFor(node, choice.id)
      if (text) walk(choice.next, addScores(scores, choice.scores), [...taken, { node, text }])
    }
  }
  walk(scenario.start, {}, [])
  return routes
}

export interface RunView {
  id: string
  status: string
  node: { id: string, customer: string | null, choices: { id: string, text: string }[] } | null
  transcript: { node: string, reply: string, feedback: string, ms: number }[]
  result: null | { passed: boolean, skills: { skill: string, score: number, threshold: number, passed: boolean }[] }
}

export async function playScenario(learner: SignedIn, scenarioId: string, pass = true) {
  const scenario = library.scenarios.get(scenarioId)!.definition
  const route = scenarioRoutes(scenario).find(r => r.passed === pass)!
  const started = await learner.json<RunView>(`/api/scenarios/${scenarioId}/runs`, { method: 'POST' })
  expect(started.status).toBe(200)
  let run = started.body
  for (const step of route.choices) {
    const res = await learner.json<{ run: RunView }>(`/api/scenario-runs/${run.id}/steps`, { method: 'POST', body: step })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    run = res.body.run
  }
  return run
}

/** Opens a lesson, then marks it read (test servers run with no reading floor unless asked). */
export async function readLesson(learner: SignedIn, course: string, lesson: string) {
  expect((await learner.fetch(`/api/courses/${course}/lessons/${lesson}/open`, { method: 'POST' })).status).toBe(200)
  return learner.fetch(`/api/courses/${course}/lessons/${lesson}/complete`, { method: 'POST' })
}

/** Reads every lesson of the course. */
export async function completeCourse(learner: SignedIn, course: string) {
  for (const lesson of library.lessons.filter(l => l.course === course)) {
    const res = await readLesson(learner, course, lesson.slug)
    expect(res.status).toBe(200)
  }
}
