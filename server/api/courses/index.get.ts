export default defineEventHandler(async (event) => {
  await requireContentReader(event)
  return courseSummaries(await getContentLibrary())
})
