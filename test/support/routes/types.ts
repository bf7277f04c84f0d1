import type { Role } from '../../../shared/schemas/accounts'

/**
 * Who may call a route. `roles` lists the roles that get past authorisation;
 * 'public' needs no sign-in. Every file under server/api must have a rule
 * (test/server/route-access.test.ts fails otherwise).
 */
export interface RouteRule {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** The route as its file names it, e.g. /api/users/[id] */
  route: string
  /** A concrete URL to call (ids that exist nowhere are fine). */
  url: string
  roles: readonly Role[] | 'public'
}

export const EVERYONE = ['staff', 'trainer', 'hr', 'admin'] as const
export const NO_ID = '0123456789abcdef01234567'
export const NO_CERTIFICATE = 'AAAAAAAAAAAAAAAAAAAAAAAAAA'
