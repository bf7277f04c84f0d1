// The signed-in person's live sessions ("Your account"), this browser marked.
export default defineEventHandler(async (event) => {
  const user = await requireRole(event, EVERYONE)
  return { sessions: await listSessions(user.id, await currentSessionId(event)) }
})
