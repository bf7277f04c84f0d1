import { ChangeParams } from '#shared/schemas/content-editor'

// Discards one of the signed-in trainer's unpublished changes (deletes its branch).
export default defineEventHandler(async (event) => {
  const user = await requireRole(event, TRAINERS)
  const { change } = await getValidParams(event, ChangeParams)
  return discardContentChange(user, change)
})
