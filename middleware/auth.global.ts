import { roleHome } from '#shared/utils/navigation'

// Pages are signed-in only unless they say `public: true`; a page naming roles sends
// anyone else to their own home, so nobody sees a page their role can't use.
export default defineNuxtRouteMiddleware((to) => {
  const nuxtApp = useNuxtApp()
  // A lesson page rendered once for every reader (server/domain/content/lesson-pages.ts): the
  // server checks the sign-in before sending it, and the browser fetches the session after
  // hydration (nuxt-auth-utils does so for a payload marked isCached).
  if (import.meta.server && useRequestEvent()?.context.sharedRender) {
    nuxtApp.payload.isCached = true
    return
  }
  if (import.meta.client && nuxtApp.isHydrating && nuxtApp.payload.isCached) return
  const { loggedIn, user } = useUserSession()
  if (to.path === '/' && loggedIn.value && user.value) return navigateTo(roleHome(user.value.role))
  if (to.meta.public) return
  // Courses open to everyone (NUXT_PUBLIC_CONTENT_REQUIRES_SIGN_IN=false) open their search too.
  if ((to.path.startsWith('/courses') || to.path === '/search') && !useRuntimeConfig().public.contentRequiresSignIn) return
  if (!loggedIn.value || !user.value) {
    return navigateTo({ path: '/sign-in', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} })
  }
  if (to.meta.roles && !to.meta.roles.includes(user.value.role)) {
    return navigateTo(roleHome(user.value.role))
  }
})
