import { CoachingBody, IdParams } from '#shared/schemas/learning'

// A trainer's feedback on a submitted attempt; the learner sees it on their result page.
export default defineEventHandler(async (event) => {
  const user = await requireRole(event, TRAINERS)
  const { id } = await getValidParams(event, IdParams)
  const { text } = await readValidBody(event, CoachingBody)
  const { record, added } = await addCoachingNote('quiz', id, user, text)
  if (added) await recordAudit(user, 'coaching.add', `quiz-attempt:${id}`, { learner: String(record.user) }, { subject: record.user })
  setResponseStatus(event, added ? 201 : 200)
  return { coaching: coachingView(record.coaching) }
})
