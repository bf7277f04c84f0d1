import { SetPasswordBody } from '#shared/schemas/mail'

// Choosing a password from an invitation or reset link; every session of the account ends.
export default defineEventHandler(async (event) => {
  const { token, newPassword } = await readValidBody(event, SetPasswordBody)
  return setPasswordWithToken(token, newPassword, requestNow(event))
})
