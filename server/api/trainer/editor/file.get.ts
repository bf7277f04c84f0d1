import { EditorFileQuery } from '#shared/schemas/content-editor'

// One content file as it is stored, byte for byte, with the hash a save must name.
export default defineEventHandler(async (event) => {
  const user = await requireRole(event, TRAINERS)
  const { path, change } = await getValidQuery(event, EditorFileQuery)
  return openContentFile(user, path, change)
})
