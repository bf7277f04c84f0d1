// The app reads its session from /api/_auth/session; checking the account there means
// a deactivated person or a replaced password signs the browser out at its next load.
export default defineNitroPlugin(() => {
  sessionHooks.hook('fetch', async (session, event) => {
    if (session.user) await requireUser(event)
  })
})
