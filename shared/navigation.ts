import type { Role } from './schemas/accounts'

export interface NavItem { to: string, label: string, roles: readonly Role[] }

const EVERYONE = ['staff', 'trainer', 'hr', 'admin'] as const

export const NAV_ITEMS: NavItem[] = [
  { to: '/learn', label: 'My learning', roles: EVERYONE },
  { to: '/courses', label: 'Courses', roles: EVERYONE },
  { to: '/trainer', label: 'Content', roles: ['trainer', 'admin'] },
  { to: '/trainer/review', label: 'Review', roles: ['trainer', 'admin'] },
  { to: '/hr', label: 'HR dashboard', roles: ['hr', 'admin'] },
  { to: '/hr/lists', label: 'Action lists', roles: ['hr', 'admin'] },
  { to: '/admin/users', label: 'People', roles: ['hr', 'admin'] },
  { to: '/admin/import', label: 'Import staff', roles: ['hr', 'admin'] },
  { to: '/admin/departments', label: 'Departments', roles: ['admin'] },
  { to: '/admin/mail', label: 'E-mail', roles: ['admin'] },
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
