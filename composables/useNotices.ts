import type { NoticesAnswer } from '#shared/schemas/mail'

/** The signed-in person's notices and unread count, shared by the navigation and the notices page. */
export function useNotices() {
  return useFetch<NoticesAnswer>('/api/me/notices', { key: 'notices', server: false, default: () => ({ unread: 0, notices: [] }) })
}
