import { z } from './zod.ts'
import { DEFAULT_LOCALE, ORG_LOCALE_CODES } from '../utils/format'
import { Email, Password } from './accounts'

// E-mail, reminders and in-app notices: settings, requests and answers (server/api/mail/**,
// server/api/auth/**, server/api/me/notices*), shared with the pages.

export const REMINDER_KINDS = ['welcome', 'due-soon', 'overdue', 'cert-expiring', 'cert-expired', 'hr-digest', 'hr-monthly', 'reminder'] as const
export type ReminderKind = typeof REMINDER_KINDS[number]
export const ACCOUNT_KINDS = ['invite', 'reset', 'email-confirm'] as const
export type MailKind = ReminderKind | typeof ACCOUNT_KINDS[number]

export const MAIL_KIND_LABELS: Record<MailKind, string> = {
  'welcome': 'Welcome',
  'due-soon': 'Due soon',
  'overdue': 'Overdue',
  'cert-expiring': 'Certificate expiring',
  'cert-expired': 'Certificate expired',
  'hr-digest': 'Weekly HR digest',
  'hr-monthly': 'Monthly summary',
  'reminder': 'Reminder from HR',
  'invite': 'Invitation',
  'reset': 'Password reset',
  'email-confirm': 'Email confirmation',
}

/** Reminders a person may turn off for themselves; the others are the organisation's call. */
export const OPTIONAL_KINDS = ['due-soon', 'cert-expiring', 'hr-digest', 'hr-monthly'] as const
export type OptionalKind = typeof OPTIONAL_KINDS[number]

const days = z.number('must be a number of days').int('must be a whole number of days').min(1, 'must be at least 1 day').max(365, 'must be at most 365 days')
const dayList = z.array(days).min(1, 'give at least one day').max(4, 'give at most four days')
  .transform(list => [...new Set(list)].sort((a, b) => b - a))

export const OrgSettings = z.object({
  organisationName: z.string().trim().min(2, 'must be at least 2 characters').max(80, 'must be at most 80 characters'),
  // The hour (UTC) from which each day's reminders go out.
  sendHourUtc: z.number('must be an hour').int('must be a whole hour').min(0, 'must be 0 to 23').max(23, 'must be 0 to 23'),
  welcome: z.boolean(),
  dueSoon: z.boolean(),
  dueSoonDays: dayList,
  overdue: z.boolean(),
  overdueEveryDays: days,
  overdueCopyLead: z.boolean(),
  certExpiring: z.boolean(),
  certExpiringDays: dayList,
  certExpired: z.boolean(),
  hrDigest: z.boolean(),
  // 1 = Monday … 7 = Sunday
  hrDigestWeekday: z.number('must be a weekday').int().min(1, 'must be 1 (Monday) to 7 (Sunday)').max(7, 'must be 1 (Monday) to 7 (Sunday)'),
  hrMonthly: z.boolean(),
  // Who signs the certificates: printed under the signature line; left empty, no signatory is shown.
  signatoryName: z.string().trim().max(80, 'must be at most 80 characters'),
  signatoryRole: z.string().trim().max(80, 'must be at most 80 characters'),
  // How dates read everywhere: pages, certificates, e-mails and the staff import (shared/utils/format.ts).
  locale: z.enum(ORG_LOCALE_CODES, 'must be one of the languages offered'),
})
export type OrgSettings = z.infer<typeof OrgSettings>

export const DEFAULT_SETTINGS: OrgSettings = {
  organisationName: 'Your organisation',
  sendHourUtc: 7,
  welcome: true,
  dueSoon: true,
  dueSoonDays: [7, 2],
  overdue: true,
  overdueEveryDays: 7,
  overdueCopyLead: false,
  certExpiring: true,
  certExpiringDays: [30, 7],
  certExpired: true,
  hrDigest: true,
  hrDigestWeekday: 1,
  hrMonthly: true,
  signatoryName: '',
  signatoryRole: '',
  locale: DEFAULT_LOCALE,
}

export const UpdateOrgSettingsBody = OrgSettings.partial().refine(b => Object.keys(b).length > 0, 'send at least one setting to change')

export const ForgotPasswordBody = z.object({ email: Email })
const Token = z.string().trim().regex(/^[A-Za-z0-9_-]{32,64}$/, 'is not a link we sent')
export const TokenQuery = z.object({ token: Token })
export const SetPasswordBody = z.object({ token: Token, newPassword: Password })
export const ConfirmEmailBody = z.object({ token: Token })

const PersonId = z.string().regex(/^[0-9a-f]{24}$/i, 'is not a person id')
export const SendReminderBody = z.object({
  people: z.array(PersonId).min(1, 'choose at least one person').max(200, 'choose at most 200 people at a time')
    .transform(ids => [...new Set(ids.map(id => id.toLowerCase()))]),
  // With preview, nothing is sent: the answer shows the message and who would get it.
  preview: z.boolean().default(false),
})

export const MailLogQuery = z.object({
  status: z.preprocess(v => (v === '' ? undefined : v), z.enum(['pending', 'sent', 'skipped', 'failed']).optional()),
  page: z.coerce.number('must be a whole number').int('must be a whole number').min(1, 'must be 1 or more').max(10_000).default(1),
})

export const NoticePrefsBody = z.object({ optOut: z.array(z.enum(OPTIONAL_KINDS)).max(OPTIONAL_KINDS.length) })

export interface MailView { subject: string, text: string, html: string }

export interface ReminderAnswer {
  preview: boolean
  /** People who get (or would get) a reminder now. */
  count: number
  sample: (MailView & { to: string, name: string }) | null
  skipped: { id: string, name: string, reason: string }[]
  sent: number
  failed: number
}

export interface MailStatusView { enabled: boolean, reason: string | null, from: string }

export interface MailLogEntry {
  id: string
  kind: string
  kindLabel: string
  to: string
  cc: string[]
  subject: string
  status: 'pending' | 'sent' | 'skipped' | 'failed'
  reason: string
  attempts: number
  createdAt: string
  sentAt: string | null
}

export interface MailLogAnswer { status: MailStatusView, page: number, pageSize: number, entries: MailLogEntry[], more: boolean }

export interface NoticeView { key: string, kind: string, title: string, body: string, link: string, at: string, read: boolean }
/** `coaching`: the trainers' coaching notes the person has not seen yet (the navigation's "My results" marker). */
export interface NoticesAnswer { unread: number, coaching: number, notices: NoticeView[] }

// The organisation's logo, sent as a data: URL (base64); the server checks the image itself.
// 300 KB of image is 400,000 characters of base64.
export const LogoUploadBody = z.object({
  image: z.string('must be an image')
    .max(400_100, 'is larger than 300 KB')
    .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/, 'must be a PNG or JPEG image'),
})
export const LogoQuery = z.object({ v: z.string().regex(/^\d{1,15}$/, 'is not a logo version').optional() })
