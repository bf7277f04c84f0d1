import { z } from 'zod'

export const ROLES = ['staff', 'trainer', 'hr', 'admin'] as const
export const Role = z.enum(ROLES)
export type Role = z.infer<typeof Role>

export const ROLE_LABELS: Record<Role, string> = {
  staff: 'Staff',
  trainer: 'Trainer',
  hr: 'HR',
  admin: 'Administrator',
}

const isoDate = z.iso.date('must be a date written YYYY-MM-DD')

export const Email = z.string().trim().toLowerCase().max(254).pipe(z.email('must be an email address'))
export const Password = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters')
export const PersonName = z.string().trim().min(2, 'must be at least 2 characters').max(120)
export const JobRole = z.string().trim().min(2, 'must be at least 2 characters').max(80)
export const DepartmentSlug = z.string().trim().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens').max(60)

export const SignInBody = z.object({
  email: Email,
  password: z.string().min(1, 'enter your password').max(200),
})

/** The sign-in form posted without JavaScript: the same fields as text, and where to go next. */
export const SignInForm = z.object({
  email: z.string().max(254).default(''),
  password: z.string().max(200).default(''),
  redirect: z.string().max(2000).optional(),
})

/** Why a form sign-in came back to the form (the page says it in words). */
export const SIGN_IN_PROBLEMS = ['fields', 'mismatch', 'throttled'] as const
export type SignInProblem = typeof SIGN_IN_PROBLEMS[number]

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1, 'enter your current password').max(200),
  newPassword: Password,
})

export const ResetPasswordBody = z.object({ newPassword: Password })

const ChosenDepartment = z.string().trim().min(1, 'choose a department').pipe(DepartmentSlug)

export const UserFields = z.object({
  name: PersonName,
  email: Email,
  role: Role,
  department: ChosenDepartment,
  jobRole: JobRole,
  startDate: isoDate,
})
// Without a password (the usual way), the person is e-mailed an invitation to choose one.
export const CreateUserBody = UserFields.extend({ password: Password.optional() })
export const UpdateUserBody = UserFields.partial().extend({ active: z.boolean().optional() })
  .refine(body => Object.keys(body).length > 0, 'send at least one field to change')

export const UserListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  role: Role.optional(),
  department: DepartmentSlug.optional(),
  active: z.enum(['true', 'false', 'all']).default('true'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(5).max(100).default(25),
})

export const DepartmentBody = z.object({
  name: z.string().trim().min(2, 'must be at least 2 characters').max(80),
  slug: DepartmentSlug,
})
export const UpdateDepartmentBody = z.object({
  name: z.string().trim().min(2, 'must be at least 2 characters').max(80),
  // Copied on overdue reminders when the organisation turns that on; empty for nobody.
  leadEmail: z.union([z.literal(''), Email]).optional(),
})

/** One row of a staff CSV import: staff role, no password (each person is e-mailed an invitation). */
// A staff CSV row before its department (slug, id or name) and start date (ISO or the
// organisation's way) are resolved by server/domain/hr/staff-import.ts.
export const ImportRow = z.object({
  name: PersonName,
  email: Email,
  department: z.string().trim().min(1, 'is missing').max(120, 'must be at most 120 characters'),
  jobRole: JobRole,
  startDate: z.string().trim().min(1, 'is missing').max(40, 'is not a date'),
})
export const ImportBody = z.object({
  csv: z.string().min(1, 'the file is empty').max(1_000_000, 'the file is larger than 1 MB'),
  commit: z.boolean().default(false),
})

export interface PublicUser {
  id: string
  name: string
  email: string
  role: Role
  department: string | null
  departmentName: string | null
  jobRole: string
  startDate: string
  active: boolean
  /** False until the person has chosen a password (from their invitation). */
  passwordSet?: boolean
}

/** A session as "Your account" names it: the SHA-256 of its token, base64url. */
export const SessionParams = z.object({ id: z.string().regex(/^[\w-]{43}$/, 'must be a session id') })
