import { roleHome } from '#shared/utils/navigation'

// Pages are signed-in only unless they say `public: true`; a page naming roles sends
// anyone else to their own home, so nobody sees a page their role can't use.
export default defineNuxtRouteMiddleware((to) => {
  const { loggedIn, user } = useUserSession()
  if (to.path === '/' && loggedIn.value && user.value) return navigateTo(roleHome(user.value.role))
  if (to.meta.public) return
  if (to.path.startsWith('/courses') && !useRuntimeConfig().public.contentRequiresSignIn) return
  if (!loggedIn.value || !user.value) {
    return navigateTo({ path: '/sign-in', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} })
  }
  if (to.meta.roles && !to.meta.roles.includes(user.value.role)) {
    return navigateTo(roleHome(user.value.role))
  }
})
