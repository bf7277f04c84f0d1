import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

// What a learner's lesson page makes the browser load, read from its server-rendered HTML:
// the scripts and module preloads (the entry, the page and everything they import at once),
// each file's size in the build's public folder, and the route records of the entry chunk
// (Nuxt's route table, one record per page). Used by test/server/lesson-page-js.test.ts and by
// bench/lesson-page-js.ts, which compares a build with the editor to one without it.

export interface LessonPageJs {
  /** The script files, as the HTML names them (/_nuxt/…js), with their sizes in bytes. */
  files: { src: string, bytes: number }[]
  bytes: number
  entry: { src: string, bytes: number, text: string }
  routeRecords: { name: string, path: string }[]
}

export function lessonPageJs(html: string, publicDir: string): LessonPageJs {
  const srcs = [...new Set([...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="(\/_nuxt\/[^"]+\.js)"/g)].map(m => m[1]!))]
  const files = srcs.map(src => ({ src, bytes: statSync(join(publicDir, src)).size }))
  // The entry is the page's module script.
  const entrySrc = /<script[^>]*type="module"[^>]*src="(\/_nuxt\/[^"]+\.js)"/.exec(html)?.[1]
  if (!entrySrc) throw new Error('the lesson page has no module script')
  const text = readFileSync(join(publicDir, entrySrc), 'utf8')
  const routeRecords = [...text.matchAll(/\{name:[`"']([^`"']+)[`"'],path:[`"']([^`"']+)[`"']/g)].map(m => ({ name: m[1]!, path: m[2]! }))
  return {
    files,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    entry: { src: entrySrc, bytes: statSync(join(publicDir, entrySrc)).size, text },
    routeRecords,
  }
}
