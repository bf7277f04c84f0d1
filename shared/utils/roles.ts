import type { Role } from '../schemas/accounts'

// Plain data, no Zod: the navigation on every page reads the labels, and importing the
// schemas there would put Zod in the JavaScript of every page (shared/schemas/accounts.ts
// builds its Role schema from ROLES).
export const ROLES = ['staff', 'trainer', 'hr', 'admin'] as const

export const ROLE_LABELS: Record<Role, string> = {
  staff: 'Staff',
  trainer: 'Trainer',
  hr: 'HR',
  admin: 'Administrator',
}

// Named sets of roles: routes (requireRole), pages (definePageMeta) and the navigation
// say who may use something by one of these names, never by a literal list.

/** Every signed-in role. */
export const EVERYONE: readonly Role[] = ['staff', 'trainer', 'hr', 'admin']
/** Trainers and admins: content, previews, review of attempts and runs. */
export const TRAINERS: readonly Role[] = ['trainer', 'admin']
/** HR and admins: dashboards, people, imports, certificates. */
export const HR_STAFF: readonly Role[] = ['hr', 'admin']
/** Admins only: departments, other people's passwords. */
export const ADMINS: readonly Role[] = ['admin']
/** Trainers, HR and admins: remedies for a stuck learner (extra attempts, due dates, exemptions). */
export const HELPERS: readonly Role[] = ['trainer', 'hr', 'admin']
/** Who may list departments: HR, trainers and admins. */
export const DEPARTMENT_READERS: readonly Role[] = ['hr', 'trainer', 'admin']

export const hasRole = (roles: readonly Role[], role: Role) => roles.includes(role)
