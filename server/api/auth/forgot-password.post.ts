import { ForgotPasswordBody } from '#shared/schemas/mail'

// "Forgot your password?": the same answer whether or not the address has an account.
export default defineEventHandler(async (event) => {
  const { email } = await readValidBody(event, ForgotPasswordBody)
  return requestPasswordReset(event, email)
})
