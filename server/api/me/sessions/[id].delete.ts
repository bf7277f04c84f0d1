import { SessionParams } from '../../../../shared/schemas/accounts'

// Ends one of the signed-in person's own sessions (another browser, or this one).
export default defineEventHandler(async (event) => {
  const user = await requireRole(event, EVERYONE)
  const { id } = await getValidParams(event, SessionParams)
  if (!await endSession(user.id, id)) {
    throw createError({ statusCode: 404, statusMessage: 'That session has already ended.' })
  }
  if (id === await currentSessionId(event)) await clearUserSession(event)
  return { ended: true }
})
