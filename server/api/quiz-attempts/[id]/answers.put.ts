import { IdParams, SaveAnswersBody } from '#shared/schemas/learning'

// Saves answers as the learner goes, so a reload or a lost connection loses nothing.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { id } = await getValidParams(event, IdParams)
  const { answers } = await readValidBody(event, SaveAnswersBody)
  return saveAnswers(user, id, answers)
})
