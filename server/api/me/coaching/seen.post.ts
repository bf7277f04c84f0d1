import { CoachingSeenBody } from '#shared/schemas/learning'

// The learner saw their coaching notes up to the newest one the page showed: the
// navigation's "new coaching note" marker counts only the notes after it.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { upTo } = await readValidBody(event, CoachingSeenBody)
  await markCoachingSeen(user.id, upTo, new Date())
  return noticesOf(user.id)
})
