import type { H3Event } from 'h3'

/**
 * Course content needs a signed-in user unless the organisation opted out with
 * NUXT_PUBLIC_CONTENT_REQUIRES_SIGN_IN=false.
 */
export async function requireContentReader(event: H3Event) {
  if (useRuntimeConfig(event).public.contentRequiresSignIn === false) return
  await requireUser(event)
}
