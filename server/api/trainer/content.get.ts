// Every piece of content with its version and the checker's verdict; re-read on each
// request in development, so a trainer sees an edit to content/ on reload.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINER_ROLES)
  const [status, attempts, runs] = await Promise.all([getContentStatus(), takenCounts('quiz'), takenCounts('scenario')])
  return { checkedAt: new Date(), ...contentOverview(status, attempts, runs) }
})
