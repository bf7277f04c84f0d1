import type { FetchError } from 'ofetch'

/** The sentence to show for a failed request: the server's message, or a network hint. */
export function apiErrorMessage(error: unknown): string {
  const e = error as FetchError<{ statusMessage?: string, message?: string }> | undefined
  if (e?.data?.statusMessage) return e.data.statusMessage
  if (e?.statusMessage) return e.statusMessage
  if (e && !e.response) return 'Could not reach Rapport. Check your connection and try again.'
  return 'Something went wrong. Please try again.'
}

/** Per-field messages from a 400's data.fields, keyed by field path. */
export function apiFieldErrors(error: unknown): Record<string, string> {
  const fields = (error as FetchError<{ data?: { fields?: { field: string, message: string }[] } }>)?.data?.data?.fields ?? []
  return Object.fromEntries(fields.map(f => [f.field, f.message]))
}

/** Retries a request that failed on the network or with a 503 (the database coming back). */
export async function withRetry<T>(request: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await request()
    }
    catch (error) {
      const status = (error as FetchError).response?.status
      const retryable = status === undefined || status === 503 || status === 502
      if (!retryable || i >= attempts) throw error
      await new Promise(r => setTimeout(r, 500 * 2 ** (i - 1)))
    }
  }
}

/** Per-field messages from a failed client-side parse, keyed like apiFieldErrors. */
export function parseFieldErrors(result: { success: boolean, error?: { issues: { path: PropertyKey[], message: string }[] } }): Record<string, string> {
  return result.success ? {} : Object.fromEntries((result.error?.issues ?? []).map(i => [String(i.path[0]), i.message]))
}
