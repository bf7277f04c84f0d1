import type { MailView } from '../../../shared/schemas/mail'
import { formatDate } from '../../../shared/utils/format'

// Every e-mail the app sends has the same parts, written once here: a heading, a few
// short paragraphs, optional facts and a table, one button to the exact page, and a
// footer saying why the person gets it. Both a plain-text and an HTML part are made
// from the same content. The HTML is plain semantic markup with inline styles (mail
// clients drop style sheets), a language, a real link text and enough contrast.

export interface MailContent {
  subject: string
  /** First line of the body: "Hello Sam," */
  greeting: string
  paragraphs: string[]
  facts?: [label: string, value: string][]
  table?: { caption: string, columns: string[], rows: string[][] }
  action?: { label: string, url: string }
  /** After the button: what else to know. */
  after?: string[]
  footer: string
  organisation: string
}

const escape = (text: string) => text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c]!)

const FONT = 'font-family:-apple-system,\'Segoe UI\',Roboto,Helvetica,Arial,sans-serif;'

export function renderMail(content: MailContent): MailView {
  const text: string[] = [content.greeting, '']
  for (const p of content.paragraphs) text.push(p, '')
  if (content.facts?.length) {
    for (const [label, value] of content.facts) text.push(`${label}: ${value}`)
    text.push('')
  }
  if (content.table) {
    text.push(content.table.caption)
    for (const row of content.table.rows) text.push(`- ${row.map((cell, i) => i === 0 ? cell : `${content.table!.columns[i]}: ${cell}`).join(', ')}`)
    text.push('')
  }
  if (content.action) text.push(`${content.action.label}: ${content.action.url}`, '')
  for (const p of content.after ?? []) text.push(p, '')
  text.push('—', `Rapport for ${content.organisation}`, content.footer)

  const p = (body: string) => `<p style="margin:0 0 16px;">${body}</p>`
  const html: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escape(content.subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:#f7f6f2;">`,
    `<div role="article" aria-roledescription="email" aria-label="${escape(content.subject)}" lang="en" style="${FONT}font-size:16px;line-height:1.55;color:#1d2430;max-width:600px;margin:0 auto;padding:24px 16px;">`,
    `<p style="margin:0 0 12px;font-size:15px;font-weight:700;color:#174a6c;">Rapport · ${escape(content.organisation)}</p>`,
    '<div style="background:#ffffff;border:1px solid #d9dce1;border-radius:10px;padding:24px;">',
    `<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;color:#1d2430;">${escape(content.subject)}</h1>`,
    p(escape(content.greeting)),
    ...content.paragraphs.map(x => p(escape(x))),
  ]
  if (content.facts?.length) {
    html.push('<table role="presentation" style="border-collapse:collapse;margin:0 0 16px;">')
    for (const [label, value] of content.facts) {
      html.push(`<tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;font-weight:600;vertical-align:top;">${escape(label)}</th><td style="padding:4px 0;">${escape(value)}</td></tr>`)
    }
    html.push('</table>')
  }
  if (content.table) {
    const cell = 'padding:6px 8px;border-bottom:1px solid #d9dce1;text-align:left;'
    html.push(
      '<table style="border-collapse:collapse;width:100%;margin:0 0 16px;font-size:15px;">',
      `<caption style="text-align:left;font-weight:700;padding:0 0 8px;">${escape(content.table.caption)}</caption>`,
      `<thead><tr>${content.table.columns.map(c => `<th scope="col" style="${cell}">${escape(c)}</th>`).join('')}</tr></thead>`,
      `<tbody>${content.table.rows.map(r => `<tr>${r.map((v, i) => i === 0 ? `<th scope="row" style="${cell}font-weight:600;">${escape(v)}</th>` : `<td style="${cell}">${escape(v)}</td>`).join('')}</tr>`).join('')}</tbody>`,
      '</table>',
    )
  }
  if (content.action) {
    const url = escape(content.action.url)
    html.push(
      `<p style="margin:24px 0;"><a href="${url}" style="display:inline-block;background:#1f5f8b;color:#ffffff;padding:12px 20px;border-radius:8px;font-weight:700;text-decoration:none;">${escape(content.action.label)}</a></p>`,
      `<p style="margin:0 0 16px;font-size:14px;color:#5b6473;">If the button does not work, copy this address into your browser: <a href="${url}" style="color:#1f5f8b;word-break:break-all;">${url}</a></p>`,
    )
  }
  for (const x of content.after ?? []) html.push(p(escape(x)))
  html.push(
    '</div>',
    `<p style="margin:16px 0 0;font-size:14px;color:#5b6473;">Rapport for ${escape(content.organisation)}. ${escape(content.footer)}</p>`,
    '</div>',
    '</body>',
    '</html>',
  )
  return { subject: content.subject, text: text.join('\n'), html: html.join('\n') }
}

/** "Tuesday, 8 December 2026" in en-GB: the organisation's locale in every message. */
export const longDate = (date: Date) => formatDate(date, 'full')

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
