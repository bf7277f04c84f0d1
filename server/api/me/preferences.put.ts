import { NoticePrefsBody } from '#shared/schemas/mail'

export default defineEventHandler(async (event) => {
  const user = await requireRole(event, EVERYONE)
  const { optOut } = await readValidBody(event, NoticePrefsBody)
  return setMailPreferences(user.id, optOut)
})
