import type { LocationQuery } from 'vue-router'

/**
 * A list's filters kept in the URL query, so a filtered view can be bookmarked, shared and
 * reloaded. `defaults` names each filter with its value when absent; a filter at its default
 * is left out of the URL. `go(changes)` replaces the query; any change of filter goes back to
 * page 1, and `go({ page })` turns the page.
 */
export function useQueryFilters<T extends Record<string, string>>(defaults: T) {
  const route = useRoute()
  const router = useRouter()
  const read = (key: string) => {
    const value = route.query[key]
    return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : ''
  }
  const filters = computed(() => Object.fromEntries(Object.entries(defaults).map(([key, fallback]) => [key, read(key) || fallback])) as T)
  const page = computed(() => {
    const n = Number(read('page'))
    return Number.isInteger(n) && n > 0 ? n : 1
  })
  /** What to send to the API: the filters that are set, and the page. */
  const query = computed(() => ({ ...Object.fromEntries(Object.entries(filters.value).filter(([, v]) => v !== '')), page: page.value }))

  function go(changes: Partial<Record<keyof T & string, string | undefined>> & { page?: number }) {
    const set = new Map<string, string | undefined>()
    for (const [key, value] of Object.entries(changes)) {
      if (key === 'page') continue
      const text = value === undefined ? '' : String(value).trim()
      set.set(key, text === '' || text === defaults[key] ? undefined : text)
    }
    set.set('page', changes.page && changes.page > 1 ? String(changes.page) : undefined)
    const next: LocationQuery = {}
    for (const [key, value] of Object.entries(route.query)) if (!set.has(key)) next[key] = value
    for (const [key, value] of set) if (value !== undefined) next[key] = value
    return router.replace({ query: next })
  }
  return { filters, page, query, go }
}
