import { EVERYONE, NO_ID, type RouteRule } from './types'

export const rules: RouteRule[] = [
  { method: 'GET', route: '/api/health', url: '/api/health', roles: 'public' },
  { method: 'POST', route: '/api/auth/sign-in', url: '/api/auth/sign-in', roles: 'public' },
  { method: 'POST', route: '/api/auth/sign-out', url: '/api/auth/sign-out', roles: 'public' },
  { method: 'GET', route: '/api/me', url: '/api/me', roles: EVERYONE },
  { method: 'PUT', route: '/api/me/password', url: '/api/me/password', roles: EVERYONE },
  { method: 'GET', route: '/api/me/sessions', url: '/api/me/sessions', roles: EVERYONE },
  { method: 'DELETE', route: '/api/me/sessions/[id]', url: '/api/me/sessions/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', roles: EVERYONE },
  { method: 'GET', route: '/api/users/[id]/sign-in-throttle', url: `/api/users/${NO_ID}/sign-in-throttle`, roles: ['admin'] },
  { method: 'DELETE', route: '/api/users/[id]/sign-in-throttle', url: `/api/users/${NO_ID}/sign-in-throttle`, roles: ['admin'] },
  { method: 'GET', route: '/api/users/[id]/sessions', url: `/api/users/${NO_ID}/sessions`, roles: ['admin'] },
  { method: 'DELETE', route: '/api/users/[id]/sessions', url: `/api/users/${NO_ID}/sessions`, roles: ['admin'] },
  { method: 'GET', route: '/api/users', url: '/api/users', roles: ['hr', 'admin'] },
  { method: 'POST', route: '/api/users', url: '/api/users', roles: ['hr', 'admin'] },
  { method: 'POST', route: '/api/users/import', url: '/api/users/import', roles: ['hr', 'admin'] },
  { method: 'GET', route: '/api/users/[id]', url: `/api/users/${NO_ID}`, roles: ['hr', 'admin'] },
  { method: 'PATCH', route: '/api/users/[id]', url: `/api/users/${NO_ID}`, roles: ['hr', 'admin'] },
  { method: 'PUT', route: '/api/users/[id]/password', url: `/api/users/${NO_ID}/password`, roles: ['admin'] },
  { method: 'GET', route: '/api/departments', url: '/api/departments', roles: ['trainer', 'hr', 'admin'] },
  { method: 'POST', route: '/api/departments', url: '/api/departments', roles: ['admin'] },
  { method: 'PATCH', route: '/api/departments/[id]', url: `/api/departments/${NO_ID}`, roles: ['admin'] },
]
