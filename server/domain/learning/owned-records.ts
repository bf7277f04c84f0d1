import type { H3Event } from 'h3'
import { Types } from 'mongoose'
import { QuizAttemptModel } from '../../models/quiz-attempt'
import { ScenarioRunModel } from '../../models/scenario-run'

// Learners reach their own attempts and runs; trainers and admins may open anyone's
// to review them. Anyone else asking for someone else's record gets a 404, so ids
// reveal nothing.
const REVIEWERS = ['trainer', 'admin']

export async function findQuizAttempt(event: H3Event, id: string, options: { forReview?: boolean } = {}) {
  const user = await requireUser(event)
  const attempt = await QuizAttemptModel.findById(id).lean()
  const mayReview = options.forReview !== false && REVIEWERS.includes(user.role)
  if (!attempt || (String(attempt.user) !== user.id && !mayReview)) {
    throw createError({ statusCode: 404, statusMessage: 'There is no such quiz attempt.' })
  }
  return { user, attempt, isOwner: String(attempt.user) === user.id }
}

export async function findScenarioRun(event: H3Event, id: string, options: { forReview?: boolean } = {}) {
  const user = await requireUser(event)
  const run = await ScenarioRunModel.findById(id).lean()
  const mayReview = options.forReview !== false && REVIEWERS.includes(user.role)
  if (!run || (String(run.user) !== user.id && !mayReview)) {
    throw createError({ statusCode: 404, statusMessage: 'There is no such role-play run.' })
  }
  return { user, run, isOwner: String(run.user) === user.id }
}

export const userObjectId = (user: { id: string }) => new Types.ObjectId(user.id)

export async function findQuiz(id: string) {
  const entry = (await getContentLibrary()).quizzes.get(id)
  if (!entry) throw createError({ statusCode: 404, statusMessage: `There is no quiz "${id}".` })
  return entry
}

export async function findScenario(id: string) {
  const entry = (await getContentLibrary()).scenarios.get(id)
  if (!entry) throw createError({ statusCode: 404, statusMessage: `There is no role-play "${id}".` })
  return entry
}
