// Deletes this browser's server-side session (through the session-clear hook), so a copy
// of the cookie made before signing out no longer works.
export default defineEventHandler(async (event) => {
  await clearUserSession(event)
  return { signedOut: true }
})
