import { SignInBody } from '#shared/schemas/accounts'

// JSON from the app, or the sign-in form posted natively before the page's JavaScript ran.
export default defineEventHandler(async (event) => {
  if (getRequestHeader(event, 'content-type')?.startsWith('application/x-www-form-urlencoded')) return signInFromForm(event)
  const { email, password } = await readValidBody(event, SignInBody)
  return signIn(event, email, password)
})
