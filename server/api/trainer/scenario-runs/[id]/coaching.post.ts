import { CoachingBody, IdParams } from '#shared/schemas/learning'

// A trainer's feedback on a completed run; the learner sees it with their transcript.
export default defineEventHandler(async (event) => {
  const user = await requireRole(event, TRAINERS)
  const { id } = await getValidParams(event, IdParams)
  const { text } = await readValidBody(event, CoachingBody)
  const { record, added } = await addCoachingNote('scenario', id, user, text)
  if (added) await recordAudit(user, 'coaching.add', `scenario-run:${id}`, { learner: String(record.user) }, { subject: record.user })
  setResponseStatus(event, added ? 201 : 200)
  return { coaching: coachingView(record.coaching) }
})
