import type { LearningPath, QuizDefinition, ScenarioDefinition } from '../../../shared/schemas/content'
import { scenarioMaxScores, type ContentLibrary, type Versioned } from '../content/content-library'
import { quizVersionKey, scenarioVersionKey } from '../content/content-version-labels'
import { labelVersions } from '../content/content-versions'
import { correctAnswer, drawQuestions, presentQuestion } from '../quiz/grading'

// What a trainer's preview plays in the browser: the whole quiz or role-play with its keys,
// routes and scores. For trainers only (the preview routes and the content editor); nothing
// a preview does is recorded.

/** The whole question bank as a learner would see it (options shuffled), with the keys and explanations. */
export function quizPreview({ definition: quiz, version, file }: Versioned<QuizDefinition>) {
  const draw = drawQuestions({ ...quiz, poolSize: undefined })
  return {
    quiz: {
      id: quiz.id,
      title: quiz.title,
      course: quiz.course,
      description: quiz.description ?? null,
      passMark: quiz.passMark,
      attemptLimit: quiz.attemptLimit,
      cooldownMinutes: quiz.cooldownMinutes,
      poolSize: quiz.poolSize ?? null,
      questionCount: quiz.questions.length,
      version,
      file,
    },
    questions: draw.map((drawn) => {
      const question = quiz.questions.find(q => q.id === drawn.question)!
      return { ...presentQuestion(question, drawn), skill: question.skill, correctAnswer: correctAnswer(question), explanation: question.explanation }
    }),
  }
}
export type QuizPreview = ReturnType<typeof quizPreview>

/** The preview of a published quiz, with its version as trainers name it ("Version 3 · date"); never for a draft. */
export async function publishedQuizPreview(quiz: Versioned<QuizDefinition>) {
  const [named] = await labelVersions(quizVersionKey(quiz.definition.id), quiz.version, [{ version: quiz.version }])
  return { ...quizPreview(quiz), label: named!.label }
}

/** The whole role-play, routes, scores and feedback included, for the browser to step through. */
export function scenarioPreview({ definition: scenario, version, file }: Versioned<ScenarioDefinition>) {
  return {
    scenario: {
      id: scenario.id,
      title: scenario.title,
      course: scenario.course,
      channel: scenario.channel,
      summary: scenario.summary,
      persona: scenario.persona,
      start: scenario.start,
      passThresholds: scenario.passThresholds,
      maxScores: scenarioMaxScores(scenario),
      version,
      file,
    },
    nodes: scenario.nodes,
  }
}
export type ScenarioPreview = ReturnType<typeof scenarioPreview>

/** The preview of a published role-play, with its version as trainers name it; never for a draft. */
export async function publishedScenarioPreview(scenario: Versioned<ScenarioDefinition>) {
  const [named] = await labelVersions(scenarioVersionKey(scenario.definition.id), scenario.version, [{ version: scenario.version }])
  return { ...scenarioPreview(scenario), label: named!.label }
}

/** A path's audience, deadline, certificate and requirements, each requirement named by its title when it exists. */
export function pathPreview({ definition: path }: Versioned<LearningPath>, library: ContentLibrary) {
  const named = (id: string, title: string | undefined) => ({ id, title: title ?? null })
  return {
    id: path.id,
    title: path.title,
    description: path.description,
    audience: path.audience,
    dueDays: path.dueDays,
    certificate: path.certificate,
    requires: {
      courses: path.requires.courses.map(id => ({
        ...named(id, library.courses.get(id)?.title),
        lessons: library.lessons.filter(l => l.course === id).length,
      })),
      quizzes: path.requires.quizzes.map(id => named(id, library.quizzes.get(id)?.definition.title)),
      scenarios: path.requires.scenarios.map(id => named(id, library.scenarios.get(id)?.definition.title)),
    },
  }
}
export type PathPreview = ReturnType<typeof pathPreview>
