import { IdParams } from '../../../../shared/schemas/learning'

// An administrator lifts the slowdown on a person's account and its addresses.
export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, ADMINS)
  const { id } = await getValidParams(event, IdParams)
  const result = await clearPersonSignInThrottle(id)
  await recordAudit(actor, 'user.sign-in-throttle-clear', id, result)
  return result
})
