import type { Ref } from 'vue'

interface FetchErrorLike { statusCode?: number, statusMessage?: string }

/** A missing record, or an address whose id can't name one (a 400 on the route's parameters). */
function isMissing(error: FetchErrorLike | null | undefined) {
  if (!error) return false
  if (error.statusCode === 404) return true
  return error.statusCode === 400 && /^Invalid route/.test(error.statusMessage ?? '')
}

/**
 * A page about one record (a course, a quiz, a certificate) answers 404 with the app's
 * error page when the record does not exist, instead of showing "Try again" under a 200.
 * Call it right after the page's `await useFetch(...)`.
 */
export function useNotFound(error: Ref<FetchErrorLike | null | undefined>, message: string | (() => string)) {
  const notFound = () => createError({ statusCode: 404, statusMessage: typeof message === 'function' ? message() : message, fatal: true })
  if (isMissing(error.value)) throw notFound()
  if (import.meta.client) {
    // The same page showing another record (a lesson's "Next") can find it missing later.
    watch(error, (e) => {
      if (isMissing(e)) void showError(notFound())
    })
  }
}
