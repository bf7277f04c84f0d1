import { HELPERS, HR_STAFF } from '../../../shared/utils/roles'
import { NO_ID, type RouteRule } from './types'

// Remedies (trainers, HR, admins) and the audit log (HR read-only, admins).
export const rules: RouteRule[] = [
  { method: 'GET', route: '/api/people/[id]/remedies', url: `/api/people/${NO_ID}/remedies`, roles: HELPERS },
  { method: 'POST', route: '/api/people/[id]/remedies', url: `/api/people/${NO_ID}/remedies`, roles: HELPERS },
  { method: 'GET', route: '/api/audit', url: '/api/audit', roles: HR_STAFF },
  { method: 'GET', route: '/api/audit.csv', url: '/api/audit.csv', roles: HR_STAFF },
]
