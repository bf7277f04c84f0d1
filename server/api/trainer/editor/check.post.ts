import { EditorCheckBody, MAX_CONTENT_BYTES } from '#shared/schemas/content-editor'

// The checker over the whole library with the draft in place, and a preview of the draft.
// Nothing is written or recorded; the draft goes back to the trainer who sent it.
export default defineEventHandler(async (event) => {
  const user = await requireRole(event, TRAINERS)
  limitBody(event, MAX_CONTENT_BYTES * 2)
  const { path, text, change } = await readValidBody(event, EditorCheckBody)
  return checkDraft(user, path, text, change)
})
