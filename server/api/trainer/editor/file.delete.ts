import { EditorDeleteBody } from '#shared/schemas/content-editor'

// Deletes a file if the checker accepts the library without it (nothing may still name it).
export default defineEventHandler(async (event) => {
  const user = await requireRole(event, TRAINERS)
  const { path, baseHash, change } = await readValidBody(event, EditorDeleteBody)
  return deleteContentFile(user, path, baseHash, change)
})
