import { TokenQuery } from '#shared/schemas/mail'

// What an e-mailed link is for (the set-password and confirm-email pages greet the person by it).
export default defineEventHandler(async (event) => {
  const { token } = await getValidQuery(event, TokenQuery)
  return describeToken(token, requestNow(event))
})
