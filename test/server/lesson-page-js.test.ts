import { readFileSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadContent } from '../../scripts/content-files'
import { createPeople, signIn, type SignedIn } from '../support/accounts'
import { startServer, type TestServer } from '../support/server'

// What a learner's lesson page makes the browser load: the scripts and module preloads
// of its server-rendered HTML (the entry, the page and everything they import at once).
// The content editor's code editor (CodeMirror) must not be among them: it is loaded
// only on the editor page. Nor may the entry chunk, which every page loads, hold a route record
// for the editor: the editor lives inside the trainer's content page (/trainer?edit), so Nuxt's
// route table is the same with or without it. The sizes are printed to compare builds.

describe('a learner\'s lesson page JavaScript', () => {
  let server: TestServer
  let learner: SignedIn

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, [{ email: 'reader@js.test', role: 'staff' }])
    learner = await signIn(server, 'reader@js.test')
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('loads no editor code, and its size is printed', async () => {
    const lesson = loadContent().library.lessons[0]!
    const res = await learner.fetch(`/courses/${lesson.course}/${lesson.slug}`)
    expect(res.status).toBe(200)
    const html = await res.text()
    const scripts = [...new Set([...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="(\/_nuxt\/[^"]+\.js)"/g)].map(m => m[1]!))]
    expect(scripts.length).toBeGreaterThan(0)
    let bytes = 0
    const sizes: number[] = []
    for (const src of scripts) {
      const file = `.output/public${src}`
      bytes += statSync(file).size
      sizes.push(statSync(file).size)
      expect(readFileSync(file, 'utf8'), `${src} holds CodeMirror`).not.toMatch(/@codemirror|cm-editor|EditorView/)
    }
    console.log(`lesson page JavaScript: ${scripts.length} files, ${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB) uncompressed; by file: ${sizes.sort((a, b) => b - a).join(' ')}`)
    // The entry is the page's module script; its route table lists one record per page.
    const entry = /<script[^>]*type="module"[^>]*src="(\/_nuxt\/[^"]+\.js)"/.exec(html)?.[1]
    expect(entry).toBeDefined()
    const entryText = readFileSync(`.output/public${entry}`, 'utf8')
    const records = [...entryText.matchAll(/\{name:[`"']([^`"']+)[`"'],path:[`"']([^`"']+)[`"']/g)].map(m => ({ name: m[1]!, path: m[2]! }))
    console.log(`entry chunk: ${statSync(`.output/public${entry}`).size} bytes, ${records.length} route records`)
    expect(records.map(r => r.path)).toContain('/trainer')
    expect(records.map(r => r.path)).toContain('/courses/:course()/:lesson()')
    const editorRecords = records.filter(r => /^\/trainer\/(content|edit)/.test(r.path) || /^trainer-(content|edit)/.test(r.name))
    expect(editorRecords, 'route records of the editor in the entry chunk').toEqual([])
    expect(entryText, 'the entry names an editor component').not.toMatch(/EditorFile|EditorWorkspace|CodeEditor/)
  })
})
