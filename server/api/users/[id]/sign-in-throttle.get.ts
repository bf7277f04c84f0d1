import { IdParams } from '../../../../shared/schemas/learning'

// Failed sign-ins on a person's account in the current window (the person page, admins).
export default defineEventHandler(async (event) => {
  await requireRole(event, ADMINS)
  const { id } = await getValidParams(event, IdParams)
  return personSignInThrottle(id)
})
