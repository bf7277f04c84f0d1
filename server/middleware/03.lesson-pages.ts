// Lesson pages come from the shared cache (server/domain/content/lesson-pages.ts) after
// the same sign-in check the page itself makes: a reader who is not signed in (or whose
// account was deactivated) is sent to the sign-in page, as the app's route guard would.
export default defineEventHandler(async (event) => {
  if (event.method !== 'GET' && event.method !== 'HEAD') return
  const path = event.path.split('?')[0]!
  if (!path.startsWith('/courses/')) return
  if (isSharedRender(event)) {
    event.context.sharedRender = true
    return
  }
  const key = await lessonPageKey(event, path)
  if (!key) return
  if (useRuntimeConfig().public.contentRequiresSignIn !== false) {
    try {
      await requireUser(event)
    }
    catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 401) throw error
      return sendRedirect(event, `/sign-in?redirect=${encodeURIComponent(event.path)}`, 302)
    }
  }
  return sendLessonPage(event, key, path)
})
