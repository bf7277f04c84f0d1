// @nuxt/content serves every collection whole (sql_dump.txt and a query endpoint);
// those routes get the same sign-in rule as the rest of the course content.
export default defineEventHandler(async (event) => {
  if (!event.path.startsWith('/__nuxt_content/')) return
  await requireContentReader(event)
})
