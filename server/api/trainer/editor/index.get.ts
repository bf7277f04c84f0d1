// The content workspace: every file by folder with the checker's verdict, how this
// deployment saves, and the signed-in trainer's unpublished changes.
export default defineEventHandler(async (event) => {
  const user = await requireRole(event, TRAINERS)
  return editorWorkspace(user)
})
