import type { FetchOptions } from 'ofetch'

/**
 * $fetch for client code, with the response type named by the caller. Nitro's
 * typed-route inference over every API route exceeds TypeScript's depth limit as
 * the API grows, so calls go through a plain string URL.
 */
export function api<T>(url: string, options?: FetchOptions<'json'>): Promise<T> {
  return ($fetch as unknown as (url: string, options?: FetchOptions<'json'>) => Promise<T>)(url, options)
}
