import { SignInBody } from '../../../shared/schemas/accounts'

export default defineEventHandler(async (event) => {
  const { email, password } = await readValidBody(event, SignInBody)
  return signIn(event, email, password)
})
