import { ForgotPasswordBody } from '#shared/schemas/mail'

// "Forgot your password?": the same answer whether or not the address has an account.
export default defineEventHandler(async (event) => {
  const { email } = await readValidBody(event, ForgotPasswordBody)
  if (allowPasswordResetRequest(event, email)) await sendPasswordReset(email, requestNow(event))
  return { message: 'If an account uses this address, we have e-mailed it a link to choose a new password. The link works for one hour.' }
})
