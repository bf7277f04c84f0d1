import { SignInBody } from '../../../shared/schemas/accounts'
import { UserModel } from '../../models/user'

export default defineEventHandler(async (event) => {
  const { email, password } = await readValidBody(event, SignInBody)
  assertSignInAllowed(event, email)
  const user = await UserModel.findOne({ email }).lean()
  // The same answer, after the same work, whether or not the email exists.
  const valid = await verifyUserPassword(user?.passwordHash || await decoyHash(), password)
  if (!user || !valid || !user.active) {
    recordFailedSignIn(event, email)
    throw createError({ statusCode: 401, statusMessage: 'That email and password do not match an active account.' })
  }
  clearFailedSignIns(email)
  await startSession(event, user)
  return { user: { id: String(user._id), name: user.name, email: user.email, role: user.role } }
})
