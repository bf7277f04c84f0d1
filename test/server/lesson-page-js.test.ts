import { readFileSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadContent } from '../../scripts/content-files'
import { createPeople, signIn, type SignedIn } from '../support/accounts'
import { startServer, type TestServer } from '../support/server'

// What a learner's lesson page makes the browser load: the scripts and module preloads
// of its server-rendered HTML (the entry, the page and everything they import at once).
// The content editor's code editor (CodeMirror) must not be among them: it is loaded
// only on the editor page. The total is printed to compare builds before and after a change.

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
  })
})
