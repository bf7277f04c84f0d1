import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { H3Event } from 'h3'
import { sharedRenderHeaders } from '../../utils/shared-render'
import type { ContentLibrary } from './content-library'
import { getContentLibrary } from './content-store'

// A lesson page is the same for every reader: what is theirs (read or not) is fetched by
// the page apart (`/api/courses/<course>/lessons/<lesson>/progress`), and the navigation
// fills in once the browser has the session. So the server renders each lesson page once
// per content version, without anyone's session, keeps the HTML (and its gzip and brotli
// forms) in memory, and sends it to every signed-in reader: the sign-in check still runs
// on every request (server/middleware/03.lesson-pages.ts), the render does not.

interface CachedPage { html: Buffer, br: Buffer, gzip: Buffer, etag: string, security: Record<string, string> }
interface FailedRender { status: number, body: string, security: Record<string, string> }
const pages = new Map<string, Promise<CachedPage | FailedRender>>()
const compressBrotli = promisify(brotliCompress)
const compressGzip = promisify(gzip)

// The security headers nuxt-security writes on a rendered page. They are kept with the page
// and sent with it: the Content-Security-Policy names the hashes of this HTML's inline
// scripts (server/plugins/csp-script-hashes.ts), so it is right for every copy of it.
const PAGE_SECURITY_HEADERS = [
  'content-security-policy', 'cross-origin-embedder-policy', 'cross-origin-opener-policy',
  'cross-origin-resource-policy', 'origin-agent-cluster', 'permissions-policy', 'referrer-policy',
  'strict-transport-security', 'x-content-type-options', 'x-dns-prefetch-control', 'x-download-options',
  'x-frame-options', 'x-permitted-cross-domain-policies', 'x-xss-protection',
]

/** `/courses/<course>/<lesson>` when it names a lesson of the library; the lesson's cache key. */
export async function lessonPageKey(event: H3Event, path: string): Promise<string | null> {
  const match = /^\/courses\/([a-z0-9-]+)\/([a-z0-9-]+)$/.exec(path)
  if (!match) return null
  const library = await getContentLibrary()
  return lessonKeysOf(library).get(`${match[1]}/${match[2]}`) ?? null
}

// The keys of a library's lessons, worked out once per library (a new library, after an edit
// in development, is a new object): the request path only looks its key up.
const keysByLibrary = new WeakMap<ContentLibrary, Map<string, string>>()

function lessonKeysOf(library: ContentLibrary) {
  let keys = keysByLibrary.get(library)
  if (!keys) {
    const buildId = useRuntimeConfig().app.buildId
    // The body comes with the build (@nuxt/content), the rest from the library: both named.
    keys = new Map(library.lessons.map((lesson) => {
      const version = createHash('sha256').update(JSON.stringify(lesson)).digest('hex').slice(0, 12)
      return [`${lesson.course}/${lesson.slug}`, `${buildId}:/courses/${lesson.course}/${lesson.slug}:${version}`]
    }))
    keysByLibrary.set(library, keys)
  }
  return keys
}

async function render(path: string): Promise<CachedPage | FailedRender> {
  const response = await useNitroApp().localFetch(path, { headers: { ...sharedRenderHeaders(), accept: 'text/html' } })
  const body = await response.text()
  const security = Object.fromEntries(PAGE_SECURITY_HEADERS.flatMap((name) => {
    const value = response.headers.get(name)
    return value === null ? [] : [[name, value]]
  }))
  if (response.status !== 200) return { status: response.status, body, security }
  const html = Buffer.from(body)
  const [br, gz] = await Promise.all([
    compressBrotli(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: html.length } }),
    compressGzip(html, { level: 9 }),
  ])
  return { html, br, gzip: gz, etag: `"${createHash('sha256').update(html).digest('base64url').slice(0, 22)}"`, security }
}

/**
 * Sends the shared lesson page for `key`, rendering it on first use (one render at a time
 * per page; a failed render is not kept). The caller has checked who may read it.
 */
export async function sendLessonPage(event: H3Event, key: string, path: string) {
  let entry = pages.get(key)
  if (!entry) {
    entry = render(path)
    pages.set(key, entry)
    entry.then((page) => {
      if (!('html' in page)) pages.delete(key)
    }, () => pages.delete(key))
  }
  const page = await entry
  if (!('html' in page)) {
    setResponseStatus(event, page.status)
    setResponseHeaders(event, { ...page.security, 'content-type': 'text/html;charset=utf-8' })
    return page.body
  }
  setResponseHeaders(event, {
    ...page.security,
    'content-type': 'text/html;charset=utf-8',
    'vary': 'accept-encoding, cookie',
    // Personal to the signed-in reader as far as any cache between knows.
    'cache-control': 'private, no-cache',
    'etag': page.etag,
  })
  if (getHeader(event, 'if-none-match') === page.etag) {
    setResponseStatus(event, 304)
    return ''
  }
  const accepted = getHeader(event, 'accept-encoding') ?? ''
  if (/\bbr\b/.test(accepted)) {
    setResponseHeader(event, 'content-encoding', 'br')
    return page.br
  }
  if (/\bgzip\b/.test(accepted)) {
    setResponseHeader(event, 'content-encoding', 'gzip')
    return page.gzip
  }
  return page.html
}
