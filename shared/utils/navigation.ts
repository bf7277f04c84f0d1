import type { Role } from '../schemas/accounts'
import { ADMINS, EVERYONE, HR_STAFF, TRAINERS } from './roles'

export interface NavItem { to: string, label: string, roles: readonly Role[] }

export const NAV_ITEMS: NavItem[] = [
  { to: '/learn', label: 'My learning', roles: EVERYONE },
  { to: '/results', label: 'My results', roles: EVERYONE },
  { to: '/courses', label: 'Courses', roles: EVERYONE },
  { to: '/search', label: 'Search', roles: EVERYONE },
  { to: '/trainer', label: 'Content', roles: TRAINERS },
  { to: '/trainer/review', label: 'Review', roles: TRAINERS },
  { to: '/hr', label: 'HR dashboard', roles: HR_STAFF },
  { to: '/hr/lists', label: 'Action lists', roles: HR_STAFF },
  { to: '/admin/users', label: 'People', roles: HR_STAFF },
  { to: '/admin/import', label: 'Import staff', roles: HR_STAFF },
  { to: '/admin/departments', label: 'Departments', roles: ADMINS },
  { to: '/admin/audit', label: 'Audit log', roles: HR_STAFF },
  { to: '/admin/mail', label: 'E-mail', roles: ADMINS },
  { to: '/admin/organisation', label: 'Organisation', roles: ADMINS },
]

export const navFor = (role: Role) => NAV_ITEMS.filter(item => item.roles.includes(role))

/** Where each role lands after signing in. */
export function roleHome(role: Role): string {
  switch (role) {
    case 'hr':
      return '/hr'
    case 'admin':
      return '/admin/users'
    case 'trainer':
      return '/trainer'
    default:
      return '/learn'
  }
}

/** A return address after sign-in: a path on this site only (never `//host` or a full URL). */
export function safeRedirect(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null
  return value
}
