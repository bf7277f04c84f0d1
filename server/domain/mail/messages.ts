import { OPTIONAL_KINDS, type MailKind, type MailView } from '../../../shared/schemas/mail'
import { longDate, plural, renderMail } from './mail-layout'

// The words of every message, in the product's voice: say what happened, what to do,
// by when, and link to the exact page. One function per kind; mail-layout.ts makes the
// plain-text and HTML parts from what they return.

export interface Org { name: string, url: string }

const DAY = 86_400_000
const link = (org: Org, path: string) => `${org.url}${path}`

function footer(kind: MailKind, org: Org) {
  if ((OPTIONAL_KINDS as readonly string[]).includes(kind)) {
    return `You get this because reminders are on for your account. You can turn this kind off on your account page: ${link(org, '/account')}`
  }
  if (kind === 'invite' || kind === 'reset' || kind === 'email-confirm') {
    return 'If you did not expect this message, you can ignore it: nothing changes until the link is used.'
  }
  return `${org.name} sends this to everyone whose training needs attention.`
}

export function inviteMail(org: Org, p: { name: string, email: string, url: string, expiresAt: Date, invitedBy?: string }): MailView {
  return renderMail({
    organisation: org.name,
    subject: `Set up your Rapport account at ${org.name}`,
    greeting: `Hello ${p.name},`,
    paragraphs: [
      `${p.invitedBy ? `${p.invitedBy} has` : `${org.name} has`} given you an account on Rapport, where you will do your customer-service training.`,
      'Choose your own password to get started. You sign in with this email address.',
    ],
    facts: [['Your sign-in', p.email], ['Link works until', `${longDate(p.expiresAt)}`]],
    action: { label: 'Choose your password', url: p.url },
    after: ['The link works once. If it has expired, ask your administrator to send a new invitation.'],
    footer: footer('invite', org),
  })
}

export function resetMail(org: Org, p: { name: string, url: string, minutes: number }): MailView {
  return renderMail({
    organisation: org.name,
    subject: 'Reset your Rapport password',
    greeting: `Hello ${p.name},`,
    paragraphs: [
      'Someone asked to reset the password of your Rapport account. If it was you, choose a new password with the link below.',
      `The link works once, for ${p.minutes} minutes. Choosing a new password signs you out everywhere else.`,
    ],
    action: { label: 'Choose a new password', url: p.url },
    after: ['If you did not ask for this, ignore this message: your password stays as it is.'],
    footer: footer('reset', org),
  })
}

export function emailConfirmMail(org: Org, p: { name: string, newEmail: string, url: string, expiresAt: Date }): MailView {
  return renderMail({
    organisation: org.name,
    subject: 'Confirm your new email address for Rapport',
    greeting: `Hello ${p.name},`,
    paragraphs: [
      `Your Rapport account at ${org.name} is changing its email address to ${p.newEmail}. Confirm that this address is yours; until then you keep signing in with the old one.`,
    ],
    facts: [['Link works until', longDate(p.expiresAt)]],
    action: { label: 'Confirm this address', url: p.url },
    footer: footer('email-confirm', org),
  })
}

export interface PathLine { title: string, dueAt: Date, done: number, required: number }

export function welcomeMail(org: Org, p: { name: string, paths: PathLine[], next: { title: string, href: string } | null }): MailView {
  const first = p.paths.reduce((a, b) => (a.dueAt <= b.dueAt ? a : b))
  return renderMail({
    organisation: org.name,
    subject: `Welcome to your training at ${org.name}`,
    greeting: `Hello ${p.name},`,
    paragraphs: [
      `Welcome to ${org.name}. Your training is ready on Rapport: short lessons, quizzes and role-plays with simulated customers.`,
      `Finish ${p.paths.length === 1 ? 'it' : 'each path'} by the date below to earn your certificate. Most lessons take about five minutes.`,
    ],
    table: { caption: 'Your learning', columns: ['Path', 'Steps', 'Due'], rows: p.paths.map(x => [x.title, String(x.required), longDate(x.dueAt)]) },
    action: p.next ? { label: `Start with “${p.next.title}”`, url: link(org, p.next.href) } : { label: 'Open my learning', url: link(org, '/learn') },
    after: [`Your first due date is ${longDate(first.dueAt)}.`],
    footer: footer('welcome', org),
  })
}

interface PathReminder { name: string, path: PathLine, next: { title: string, href: string } | null, now: Date }

function nextAction(org: Org, next: PathReminder['next']) {
  return next ? { label: `Continue with “${next.title}”`, url: link(org, next.href) } : { label: 'Open my learning', url: link(org, '/learn') }
}

export function dueSoonMail(org: Org, p: PathReminder): MailView {
  const days = Math.max(1, Math.ceil((p.path.dueAt.getTime() - p.now.getTime()) / DAY))
  const left = p.path.required - p.path.done
  return renderMail({
    organisation: org.name,
    subject: `${p.path.title}: due in ${plural(days, 'day')}`,
    greeting: `Hello ${p.name},`,
    paragraphs: [`Your path “${p.path.title}” is due on ${longDate(p.path.dueAt)}. You have ${plural(left, 'step')} left of ${p.path.required}.`],
    facts: [['Due', longDate(p.path.dueAt)], ['Done', `${p.path.done} of ${p.path.required}`]],
    action: nextAction(org, p.next),
    footer: footer('due-soon', org),
  })
}

export function overdueMail(org: Org, p: PathReminder & { fromHr?: string }): MailView {
  const late = Math.max(0, Math.floor((p.now.getTime() - p.path.dueAt.getTime()) / DAY))
  const left = p.path.required - p.path.done
  return renderMail({
    organisation: org.name,
    subject: p.fromHr ? `A reminder from ${p.fromHr}: ${p.path.title}` : `${p.path.title} is overdue`,
    greeting: `Hello ${p.name},`,
    paragraphs: [
      `Your path “${p.path.title}” was due on ${longDate(p.path.dueAt)}${late ? `, ${plural(late, 'day')} ago` : ''}. You have ${plural(left, 'step')} left of ${p.path.required}.`,
      'Pick it up where you left off: the link opens your next step.',
    ],
    facts: [['Was due', longDate(p.path.dueAt)], ['Done', `${p.path.done} of ${p.path.required}`]],
    action: nextAction(org, p.next),
    after: ['If something stops you finishing, tell your trainer or HR: they can help, for example with more time.'],
    footer: footer(p.fromHr ? 'reminder' : 'overdue', org),
  })
}

export function dueReminderMail(org: Org, p: PathReminder & { fromHr: string }): MailView {
  if (p.path.dueAt <= p.now) return overdueMail(org, p)
  const left = p.path.required - p.path.done
  return renderMail({
    organisation: org.name,
    subject: `A reminder from ${p.fromHr}: ${p.path.title}`,
    greeting: `Hello ${p.name},`,
    paragraphs: [`A reminder about your path “${p.path.title}”, due on ${longDate(p.path.dueAt)}. You have ${plural(left, 'step')} left of ${p.path.required}.`],
    facts: [['Due', longDate(p.path.dueAt)], ['Done', `${p.path.done} of ${p.path.required}`]],
    action: nextAction(org, p.next),
    footer: footer('reminder', org),
  })
}

export function certExpiringMail(org: Org, p: { name: string, certificate: string, expiresAt: Date, now: Date }): MailView {
  const days = Math.max(1, Math.ceil((p.expiresAt.getTime() - p.now.getTime()) / DAY))
  return renderMail({
    organisation: org.name,
    subject: `Your certificate “${p.certificate}” expires in ${plural(days, 'day')}`,
    greeting: `Hello ${p.name},`,
    paragraphs: [
      `Your certificate “${p.certificate}” is valid until ${longDate(p.expiresAt)}.`,
      'When it expires, your path opens again: pass its quizzes and role-plays once more to renew it. Lessons you have read stay read.',
    ],
    action: { label: 'See my certificates', url: link(org, '/learn') },
    footer: footer('cert-expiring', org),
  })
}

export function certExpiredMail(org: Org, p: { name: string, certificate: string, expiredAt: Date, path: PathLine | null, next: { title: string, href: string } | null }): MailView {
  return renderMail({
    organisation: org.name,
    subject: `Your certificate “${p.certificate}” has expired`,
    greeting: `Hello ${p.name},`,
    paragraphs: [
      `Your certificate “${p.certificate}” expired on ${longDate(p.expiredAt)}.`,
      p.path ? `To certify again, finish “${p.path.title}” by ${longDate(p.path.dueAt)}.` : 'Open your learning to certify again.',
    ],
    action: p.next ? { label: `Recertify: start with “${p.next.title}”`, url: link(org, p.next.href) } : { label: 'Open my learning', url: link(org, '/learn') },
    footer: footer('cert-expired', org),
  })
}

export interface DigestRow { name: string, headcount: number, onboarded: number, overdue: number, expiringSoon: number }

export function hrDigestMail(org: Org, p: { name: string, weekOf: Date, rows: DigestRow[], totals: DigestRow, expiringWithinDays: number }): MailView {
  const pct = (r: DigestRow) => (r.headcount ? `${Math.round((r.onboarded / r.headcount) * 100)}%` : '—')
  return renderMail({
    organisation: org.name,
    subject: `Training this week at ${org.name}: ${plural(p.totals.overdue, 'person', 'people')} overdue`,
    greeting: `Hello ${p.name},`,
    paragraphs: [
      `Where onboarding stands on ${longDate(p.weekOf)}, department by department. ${plural(p.totals.overdue, 'person is', 'people are')} overdue and ${plural(p.totals.expiringSoon, 'certificate expires', 'certificates expire')} in the next ${p.expiringWithinDays} days.`,
    ],
    table: {
      caption: 'Departments',
      columns: ['Department', 'People', 'Onboarded', 'Overdue', `Expiring in ${p.expiringWithinDays} days`],
      rows: [...p.rows, p.totals].map(r => [r.name, String(r.headcount), pct(r), String(r.overdue), String(r.expiringSoon)]),
    },
    action: { label: 'Open the overdue list', url: link(org, '/hr/lists?list=overdue') },
    footer: footer('hr-digest', org),
  })
}

export function hrMonthlyMail(org: Org, p: { name: string, month: string, starters: number, onboarded: number, certified: number, overdue: number, headcount: number }): MailView {
  return renderMail({
    organisation: org.name,
    subject: `Training at ${org.name} in ${p.month}`,
    greeting: `Hello ${p.name},`,
    paragraphs: [`The month of ${p.month} in figures.`],
    facts: [
      ['New starters', String(p.starters)],
      ['Finished onboarding', String(p.onboarded)],
      ['Certificates issued', String(p.certified)],
      ['Overdue now', `${p.overdue} of ${p.headcount}`],
    ],
    action: { label: 'Open the HR dashboard', url: link(org, '/hr') },
    footer: footer('hr-monthly', org),
  })
}
