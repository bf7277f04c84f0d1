import { CoachingSeenBody } from '#shared/schemas/learning'

// The learner opened these coaching notes (the ones a page showed them): the navigation's
// "new coaching note" marker counts only the notes not opened yet.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { refs } = await readValidBody(event, CoachingSeenBody)
  await markCoachingSeen(user.id, refs)
  return noticesOf(user.id)
})
