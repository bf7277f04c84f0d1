import { NO_ID, type RouteRule } from './types'

// Remedies (trainers, HR, admins) and the audit log (HR read-only, admins).
export const rules: RouteRule[] = [
  { method: 'GET', route: '/api/people/[id]/remedies', url: `/api/people/${NO_ID}/remedies`, roles: ['trainer', 'hr', 'admin'] },
  { method: 'POST', route: '/api/people/[id]/remedies', url: `/api/people/${NO_ID}/remedies`, roles: ['trainer', 'hr', 'admin'] },
  { method: 'GET', route: '/api/audit', url: '/api/audit', roles: ['hr', 'admin'] },
  { method: 'GET', route: '/api/audit.csv', url: '/api/audit.csv', roles: ['hr', 'admin'] },
]
