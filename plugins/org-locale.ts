import type { OrgLocale } from '#shared/utils/format'

// The organisation's locale, read once per server render and carried to the browser in the
// payload, so both format dates the same way (shared/utils/format.ts) and hydration agrees.
export default defineNuxtPlugin(async () => {
  const locale = useState<OrgLocale>('org-locale', () => DEFAULT_LOCALE)
  if (import.meta.server) {
    try {
      locale.value = (await $fetch('/api/organisation')).locale
    }
    catch {
      // The database is unreachable: the page still renders, with dates in the default locale.
    }
  }
  setFormatLocale(locale.value)
})
