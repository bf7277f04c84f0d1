import { WrittenCheckBody } from '#shared/schemas/trainer'

// A reply typed into a written node of a trainer's preview, through the checks a learner's
// reply goes through: moves found, pitfalls matched, the branch it would take. Nothing is recorded.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINERS)
  const body = await readValidBody(event, WrittenCheckBody)
  return tryWrittenReply(body, await getContentLibrary())
})
