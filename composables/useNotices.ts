import type { NoticesAnswer } from '#shared/schemas/mail'

/**
 * The signed-in person's notices and unread count, shared by the navigation and the notices
 * page. Fetched only for a signed-in person: the navigation is mounted on the sign-in page
 * too, and asking there would only earn a 401.
 */
export function useNotices() {
  const { loggedIn } = useUserSession()
  return useFetch<NoticesAnswer>('/api/me/notices', { key: 'notices', server: false, immediate: loggedIn.value, default: () => ({ unread: 0, coaching: 0, notices: [] }) })
}
