import type { H3Event } from 'h3'

/**
 * Course content needs a signed-in user unless the organisation opted out with
 * NUXT_PUBLIC_CONTENT_REQUIRES_SIGN_IN=false.
 */
export async function requireContentReader(event: H3Event) {
  if (useRuntimeConfig().public.contentRequiresSignIn === false) return
  // The app's own render of a page every reader is sent (it reads the lesson through
  // @nuxt/content's query route, a POST); each reader's request is checked.
  if (isSharedRender(event)) return
  await requireUser(event)
}
