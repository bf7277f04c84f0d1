import type { Collection } from 'mongodb'
import { Types } from 'mongoose'
import { QuizAttemptModel, type QuizAttemptDoc } from '../../models/quiz-attempt'
import { ScenarioRunModel } from '../../models/scenario-run'
import { TRAINERS } from '../../../shared/utils/roles'
import type { CurrentUser } from '../../utils/auth'
import { getContentLibrary } from '../content/content-store'

// Learners reach their own attempts and runs; trainers and admins may open anyone's
// to review them. Anyone else asking for someone else's record gets a 404, so ids
// reveal nothing.

/**
 * The attempt with this id, or null. Through the driver: an attempt is read whole by `_id`
 * on every save and submission, and Mongoose's casting and hydration bought nothing there.
 */
export async function readAttempt(id: Types.ObjectId | string) {
  if (!Types.ObjectId.isValid(id)) return null
  return (QuizAttemptModel.collection as unknown as Collection<QuizAttemptDoc>).findOne({ _id: new Types.ObjectId(id) })
}

export async function findQuizAttempt(user: CurrentUser, id: string, options: { forReview?: boolean } = {}) {
  const attempt = await readAttempt(id)
  const mayReview = options.forReview !== false && TRAINERS.includes(user.role)
  if (!attempt || (String(attempt.user) !== user.id && !mayReview)) {
    throw createError({ statusCode: 404, statusMessage: 'There is no such quiz attempt.' })
  }
  return { attempt, isOwner: String(attempt.user) === user.id }
}

export async function findScenarioRun(user: CurrentUser, id: string, options: { forReview?: boolean } = {}) {
  const run = await ScenarioRunModel.findById(id).lean()
  const mayReview = options.forReview !== false && TRAINERS.includes(user.role)
  if (!run || (String(run.user) !== user.id && !mayReview)) {
    throw createError({ statusCode: 404, statusMessage: 'There is no such role-play run.' })
  }
  return { run, isOwner: String(run.user) === user.id }
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
