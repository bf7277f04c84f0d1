import { createHash } from 'node:crypto'

// Hashes for the Content-Security-Policy's script-src (see server/plugins/csp-script-hashes.ts).

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi
// Data blocks never run; everything else inline (classic scripts, modules, the import map)
// is governed by script-src.
const DATA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i

/** The CSP sources ('sha256-…') of the inline scripts (import maps included) of an HTML page. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>()
  for (const [, attributes = '', text] of html.matchAll(INLINE_SCRIPT)) {
    if (!text || /\bsrc\s*=/i.test(attributes)) continue
    const type = /\btype\s*=\s*"([^"]*)"/i.exec(attributes)?.[1] ?? ''
    if (DATA_TYPE.test(type.trim())) continue
    hashes.add(`'sha256-${createHash('sha256').update(text).digest('base64')}'`)
  }
  return [...hashes]
}
