import { ConfirmEmailBody } from '#shared/schemas/mail'

export default defineEventHandler(async (event) => {
  const { token } = await readValidBody(event, ConfirmEmailBody)
  return confirmEmail(token, requestNow(event))
})
