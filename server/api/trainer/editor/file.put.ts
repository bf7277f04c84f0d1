import { EditorSaveBody, MAX_CONTENT_BYTES } from '#shared/schemas/content-editor'

// Saves a file (or creates it, baseHash null) if the checker accepts the library with it.
export default defineEventHandler(async (event) => {
  const user = await requireRole(event, TRAINERS)
  limitBody(event, MAX_CONTENT_BYTES * 2)
  const { path, text, baseHash, change } = await readValidBody(event, EditorSaveBody)
  return saveContentFile(user, path, text, baseHash, change)
})
