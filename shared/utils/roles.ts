import type { Role } from '../schemas/accounts'

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
