import { readdirSync, readFileSync, statSync } from 'node:fs'
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

// The lesson page's files that the content editor's code imports statically. The editor's
// chunks are the build's files with a module of components/editor/ in them (compiled components
// keep their names as `__name`); from them every import is followed, static or dynamic (each
// chunk names another as "./X.js"), but not into the entry or the files it imports, which every
// page loads anyway. A module that the editor and the lesson page both import statically is
// moved by the bundler into a chunk of their own, which grows the lesson page; that chunk is
// then a lesson page file that one of those files imports statically. (A chunk the editor only
// imports dynamically, such as a lazily loaded component's, is the same file with or without it.)
export function filesSharedWithEditor(page: LessonPageJs, publicDir: string): { editorFiles: string[], shared: string[] } {
  const dir = join(publicDir, '_nuxt')
  const texts = new Map<string, string>()
  const text = (name: string) => texts.get(name) ?? texts.set(name, readFileSync(join(dir, name), 'utf8')).get(name)!
  const refs = (name: string, staticOnly: boolean) => [...text(name).matchAll(staticOnly
    ? /(?:from|import)\s*["'`]\.\/([\w-]+\.js)["'`]/g
    : /["'`]\.\/([\w-]+\.js)["'`]/g)].map(m => m[1]!)
  const closure = (start: string[], staticOnly: boolean, stop: Set<string>) => {
    const seen = new Set<string>()
    const queue = [...start]
    while (queue.length) {
      const name = queue.pop()!
      if (seen.has(name) || stop.has(name)) continue
      seen.add(name)
      queue.push(...refs(name, staticOnly))
    }
    return seen
  }
  const everyPage = closure([page.entry.src.replace('/_nuxt/', '')], true, new Set())
  const editorFiles = readdirSync(dir).filter(name => name.endsWith('.js')
    && /__name:\s*["'`](?:EditorWorkspace|EditorFile|EditorPreview|CodeEditor)["'`]/.test(text(name)))
  const reached = closure(editorFiles, false, everyPage)
  const importedStatically = new Set([...editorFiles, ...[...reached].flatMap(name => refs(name, true))])
  const shared = page.files.map(f => f.src.replace('/_nuxt/', '')).filter(name => importedStatically.has(name) && !everyPage.has(name))
  return { editorFiles, shared }
}
