import { EditorTemplateQuery } from '#shared/schemas/content-editor'

// The guide's example (content/README.md) for a new file at this path.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINERS)
  const { path } = await getValidQuery(event, EditorTemplateQuery)
  return contentTemplate(path)
})
