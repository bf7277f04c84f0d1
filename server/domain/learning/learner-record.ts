import { Types } from 'mongoose'
import { LearnerRecordModel, type LearnerRecord } from '../../models/learner-record'

const EMPTY = { lessons: {}, quizAttempts: {}, scenarioRuns: {}, certificates: {}, lessonOpens: {}, remedies: {} }

export const asObjectId = (id: Types.ObjectId | string) => typeof id === 'string' ? new Types.ObjectId(id) : id

export async function getLearnerRecord(userId: Types.ObjectId | string): Promise<LearnerRecord> {
  const _id = asObjectId(userId)
  const record = await LearnerRecordModel.findById(_id).lean()
  return { _id, ...EMPTY, ...record } as LearnerRecord
}

/** Sets facts by dotted path, e.g. { 'lessons.course/lesson': date }. */
export async function noteFacts(userId: Types.ObjectId | string, facts: Record<string, unknown>) {
  await LearnerRecordModel.updateOne({ _id: asObjectId(userId) }, { $set: facts }, { upsert: true, strict: false })
}
