import type { FetchContext } from 'ofetch'

// A session that ends while a page is open (idle timeout, signed out elsewhere, deactivated)
// answers the next API call with 401. Calls made with $fetch (forms, the quiz and role-play
// stores) are caught here; a page's useFetch keeps the $fetch Nuxt made before any plugin
// ran, so PageState handles those (components/ui/PageState.vue).
export default defineNuxtPlugin(() => {
  const sessionEnded = useSessionEnded()
  const onResponseError = ({ request, response }: FetchContext) => {
    if (response?.status !== 401) return
    const url = typeof request === 'string' ? request : request.url
    // A wrong password is a 401 too; it is answered on the sign-in form.
    if (url.includes('/api/auth/sign-in')) return
    void sessionEnded()
  }
  globalThis.$fetch = globalThis.$fetch.create({ onResponseError }) as typeof globalThis.$fetch
})
