import nodemailer, { type Transporter } from 'nodemailer'

// The SMTP connection, configured by SMTP_URL (smtp://user:pass@host:587 or
// smtps://host:465) and MAIL_FROM. Without SMTP_URL, or with one that is not a valid
// SMTP address, e-mail is off: the app runs, says so once in its log and on the admin
// pages, and records each message it would have sent as skipped.

export interface MailerState {
  enabled: boolean
  /** Why e-mail is off, in a sentence an admin can act on. */
  reason: string | null
  from: string
  transport: Transporter | null
}

let state: MailerState | undefined

function configure(): MailerState {
  const from = process.env.MAIL_FROM?.trim() || 'Rapport <no-reply@rapport.localhost>'
  const raw = process.env.SMTP_URL?.trim()
  if (!raw) {
    return { enabled: false, reason: 'E-mail is off: SMTP_URL is not set. Messages are recorded in the mail log but not sent.', from, transport: null }
  }
  let url: URL
  try {
    url = new URL(raw)
  }
  catch {
    url = new URL('invalid:')
  }
  if (!['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) {
    return { enabled: false, reason: 'E-mail is off: SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465.', from, transport: null }
  }
  const transport = nodemailer.createTransport({
    url: raw,
    // Fail fast: a message that cannot go now is retried later with back-off.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0])
  return { enabled: true, reason: null, from, transport }
}

export function mailer(): MailerState {
  if (!state) {
    state = configure()
    if (state.reason) console.warn(`[rapport] ${state.reason}`)
    else console.info(`[rapport] e-mail goes out through ${new URL(process.env.SMTP_URL!).host} as ${state.from}`)
  }
  return state
}

export interface OutgoingMail { to: string, cc?: string[], subject: string, text: string, html: string, messageId?: string }

/** Hands one message to the SMTP server; throws with the server's answer when it refuses. */
export async function deliverMail(mail: OutgoingMail) {
  const { transport, from } = mailer()
  if (!transport) throw new Error('e-mail is off')
  return transport.sendMail({
    from,
    to: mail.to,
    cc: mail.cc?.length ? mail.cc : undefined,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
  })
}

/** Whether e-mail goes out, for the admin pages. */
export function mailStatus() {
  const { enabled, reason, from } = mailer()
  return { enabled, reason, from }
}
