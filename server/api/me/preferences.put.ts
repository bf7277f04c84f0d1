import { NoticePrefsBody } from '#shared/schemas/mail'

export default defineEventHandler(async (event) => {
  const user = await requireRole(event, ['staff', 'trainer', 'hr', 'admin'])
  const { optOut } = await readValidBody(event, NoticePrefsBody)
  return setMailPreferences(user.id, optOut)
})
