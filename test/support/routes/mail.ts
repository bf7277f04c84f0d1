import { EVERYONE, NO_ID, type RouteRule } from './types'

export const rules: RouteRule[] = [
  { method: 'POST', route: '/api/auth/forgot-password', url: '/api/auth/forgot-password', roles: 'public' },
  { method: 'GET', route: '/api/auth/link', url: '/api/auth/link', roles: 'public' },
  { method: 'POST', route: '/api/auth/set-password', url: '/api/auth/set-password', roles: 'public' },
  { method: 'POST', route: '/api/auth/confirm-email', url: '/api/auth/confirm-email', roles: 'public' },
  { method: 'POST', route: '/api/users/[id]/invitation', url: `/api/users/${NO_ID}/invitation`, roles: ['hr', 'admin'] },
  { method: 'POST', route: '/api/hr/reminders', url: '/api/hr/reminders', roles: ['hr', 'admin'] },
  { method: 'GET', route: '/api/mail/log', url: '/api/mail/log', roles: ['admin'] },
  { method: 'GET', route: '/api/mail/settings', url: '/api/mail/settings', roles: ['admin'] },
  { method: 'PUT', route: '/api/mail/settings', url: '/api/mail/settings', roles: ['admin'] },
  { method: 'GET', route: '/api/organisation', url: '/api/organisation', roles: 'public' },
  { method: 'GET', route: '/api/organisation/logo', url: '/api/organisation/logo', roles: 'public' },
  { method: 'PUT', route: '/api/organisation/logo', url: '/api/organisation/logo', roles: ['admin'] },
  { method: 'DELETE', route: '/api/organisation/logo', url: '/api/organisation/logo', roles: ['admin'] },
  { method: 'POST', route: '/api/mail/run', url: '/api/mail/run', roles: ['admin'] },
  { method: 'GET', route: '/api/me/notices', url: '/api/me/notices', roles: EVERYONE },
  { method: 'POST', route: '/api/me/notices/read', url: '/api/me/notices/read', roles: EVERYONE },
  { method: 'GET', route: '/api/me/preferences', url: '/api/me/preferences', roles: EVERYONE },
  { method: 'PUT', route: '/api/me/preferences', url: '/api/me/preferences', roles: EVERYONE },
]
