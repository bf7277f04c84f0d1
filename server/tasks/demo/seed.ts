// `npm run demo:seed` while the app runs in development (scripts/demo-seed.ts calls
// /_nitro/tasks/demo:seed): loads the demo organisation into an empty database.
export default defineTask({
  meta: { name: 'demo:seed', description: 'Load the demo organisation into an empty database' },
  async run() {
    const result = await seedDemo({ log: line => console.info(`[rapport] ${line}`) })
    return { result: result.seeded ? `seeded ${result.people} people` : 'the database already has people; nothing was written' }
  },
})
