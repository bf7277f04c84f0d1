import { PersonIdParams } from '#shared/schemas/remedies'

// What a trainer, HR or an administrator needs to help one person: their quizzes and
// role-plays with attempts left, their paths with due dates, and the remedies so far.
export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, HELPERS)
  const { id } = await getValidParams(event, PersonIdParams)
  return remedyOptions(actor, id, new Date())
})
