// The app reads its session from /api/_auth/session; checking the account there means
// a deactivated person, a replaced password or an ended session signs the browser out at
// its next load. Clearing a session (sign-out, DELETE /api/_auth/session) deletes its record.
export default defineNitroPlugin(() => {
  sessionHooks.hook('fetch', async (session, event) => {
    if (session.user) await requireUser(event)
  })
  sessionHooks.hook('clear', async (session) => {
    await endSessionOf(session)
  })
})
