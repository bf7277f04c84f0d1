// My learning: the signed-in learner's paths, next steps, due dates and certificates.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  return myLearning(user)
})
