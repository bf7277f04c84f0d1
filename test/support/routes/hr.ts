import { NO_ID, type RouteRule } from './types'

const HR = ['hr', 'admin'] as const

export const rules: RouteRule[] = [
  { method: 'GET', route: '/api/hr/overview', url: '/api/hr/overview', roles: HR },
  { method: 'GET', route: '/api/hr/overview.csv', url: '/api/hr/overview.csv', roles: HR },
  { method: 'GET', route: '/api/hr/departments/[slug]', url: '/api/hr/departments/no-such-department', roles: HR },
  { method: 'GET', route: '/api/hr/departments/[slug]/people.csv', url: '/api/hr/departments/no-such-department/people.csv', roles: HR },
  { method: 'GET', route: '/api/hr/lists/[list]', url: '/api/hr/lists/overdue', roles: HR },
  { method: 'GET', route: '/api/hr/lists/[list]/export.csv', url: '/api/hr/lists/overdue/export.csv', roles: HR },
  { method: 'GET', route: '/api/hr/people/[id]', url: `/api/hr/people/${NO_ID}`, roles: HR },
]
