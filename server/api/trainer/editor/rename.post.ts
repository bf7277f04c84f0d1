import { EditorRenameBody } from '#shared/schemas/content-editor'

// Renames a file within its folder if the checker accepts the library after it.
export default defineEventHandler(async (event) => {
  const user = await requireRole(event, TRAINERS)
  const { path, to, baseHash, change } = await readValidBody(event, EditorRenameBody)
  return renameContentFile(user, path, to, baseHash, change)
})
