// Every piece of content with its version and the checker's verdict; re-read on each
// request in development, so a trainer sees an edit to content/ on reload.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINERS)
  const [status, facts] = await Promise.all([getContentStatus(), learningFacts()])
  return { checkedAt: new Date(), ...contentOverview(status, takenCounts(facts), await contentVersionLogs(status)) }
})
