let leaving = false

/**
 * What to do when the server says the session has ended (a 401 from any API call): the
 * header stops showing the person as signed in, and they are sent to sign in and brought
 * back to the page they were on. Public pages (verification, sign-in) stay where they are.
 */
export function useSessionEnded() {
  const nuxtApp = useNuxtApp()
  const router = useRouter()
  const { session } = useUserSession()
  return async function sessionEnded() {
    if (import.meta.server) return
    session.value = null
    const current = router.currentRoute.value
    if (leaving || current.meta.public) return
    leaving = true
    try {
      await nuxtApp.runWithContext(() => navigateTo({ path: '/sign-in', query: { redirect: current.fullPath, expired: '1' } }))
    }
    finally {
      leaving = false
    }
  }
}
