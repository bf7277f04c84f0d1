// My results: every quiz attempt and role-play run of the signed-in learner, with coaching.
export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  return myResults(user.id)
})
