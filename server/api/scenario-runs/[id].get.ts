import { IdParams } from '#shared/schemas/learning'

export default defineEventHandler(async (event) => {
  const user = await requireUser(event)
  const { id } = await getValidParams(event, IdParams)
  return viewRun(user, id)
})
