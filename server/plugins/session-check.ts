// The app reads its session from /api/_auth/session; checking the account there means
// a deactivated person, a replaced password or an ended session signs the browser out at
// its next load. The browser is given the account as it is now (the session's copy), not as
// it was sealed in the cookie at sign-in, so a new role or name shows in the navigation at the
// next load. Clearing a session (sign-out, DELETE /api/_auth/session) deletes its record.
export default defineNitroPlugin(() => {
  sessionHooks.hook('fetch', async (session, event) => {
    if (!session.user) return
    const { id, name, email, role } = await requireUser(event)
    session.user = { id, name, email, role }
  })
  sessionHooks.hook('clear', async (session) => {
    await endSessionOf(session)
  })
})
