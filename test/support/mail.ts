import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

// A real SMTP server in the test process (the `smtp-server` package): the app sends to it
// over TCP like to any mail server, and each message is parsed (mailparser) for checking.

export interface CaughtMail {
  to: string[]
  cc: string[]
  from: string
  subject: string
  text: string
  html: string
  /** Every http(s) address in the plain-text part. */
  links: string[]
  raw: ParsedMail
}

export interface MailCatcher {
  url: string
  port: number
  messages: CaughtMail[]
  /** While true, the server refuses every message with a temporary error (451). */
  failing: boolean
  to: (address: string) => CaughtMail[]
  waitFor: (count: number, timeoutMs?: number) => Promise<CaughtMail[]>
  stop: () => Promise<void>
}

const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap(a => a.value.map(v => (v.address ?? '').toLowerCase()))

export async function startMailCatcher(): Promise<MailCatcher> {
  const catcher: MailCatcher = {
    url: '',
    port: 0,
    messages: [],
    failing: false,
    to: address => catcher.messages.filter(m => m.to.includes(address.toLowerCase())),
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs
      while (catcher.messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} e-mails, got ${catcher.messages.length}`)
        await new Promise(r => setTimeout(r, 50))
      }
      return catcher.messages
    },
    stop: () => new Promise(r => server.close(() => r())),
  }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      if (catcher.failing) {
        stream.resume()
        stream.on('end', () => callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 })))
        return
      }
      simpleParser(stream).then((mail) => {
        const text = mail.text ?? ''
        catcher.messages.push({
          to: addresses(mail.to),
          cc: addresses(mail.cc),
          from: addresses(mail.from)[0] ?? '',
          subject: mail.subject ?? '',
          text,
          html: typeof mail.html === 'string' ? mail.html : '',
          links: text.match(/https?:\/\/[^\s<>"')]+/g) ?? [],
          raw: mail,
        })
        callback()
      }, callback)
    },
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()))
  catcher.port = (server.server.address() as { port: number }).port
  catcher.url = `smtp://127.0.0.1:${catcher.port}`
  return catcher
}
