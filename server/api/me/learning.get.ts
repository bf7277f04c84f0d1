// My learning: the signed-in learner's paths, next steps, due dates and certificates.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const now = new Date()
  const { progress, library } = await refreshLearner(user.id, now)
  return myLearningView(userObjectId(user), progress, library, now)
})
