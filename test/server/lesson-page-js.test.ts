import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadContent } from '../../scripts/content-files'
import { createPeople, signIn, type SignedIn } from '../support/accounts'
import { filesSharedWithEditor, lessonPageJs } from '../support/lesson-page-js'
import { startServer, type TestServer } from '../support/server'

// What a learner's lesson page makes the browser load: the scripts and module preloads
// of its server-rendered HTML (the entry, the page and everything they import at once).
// The content editor's code editor (CodeMirror) must not be among them: it is loaded
// only on the editor page. Nor may the entry chunk, which every page loads, hold a route record
// for the editor: the editor lives inside the trainer's content page (/trainer?edit), so Nuxt's
// route table is the same with or without it. Nor may the editor's chunks share with the lesson
// page a file that holds the lesson components or their renderer: the editor's preview compiles
// its own copies of them (modules/editor-preview-copies.ts), since a module the two shared would
// be moved into a chunk of its own and grow the lesson page. The sizes are printed;
// what the editor adds to them is measured against a build of the same tree without it by
// `npm run bench:lesson-js` (a second production build, too slow for the suite;
// docs/decisions.md has the figures).

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

  // The first render of a lesson page reads the content database: on a loaded machine (load
  // average near 30 on 2 cores) that alone took over the suite's 30 s.
  it('loads no editor code, and its size is printed', async () => {
    const lesson = loadContent().library.lessons[0]!
    const res = await learner.fetch(`/courses/${lesson.course}/${lesson.slug}`)
    expect(res.status).toBe(200)
    const page = lessonPageJs(await res.text(), '.output/public')
    expect(page.files.length).toBeGreaterThan(0)
    for (const { src } of page.files) {
      expect(readFileSync(`.output/public${src}`, 'utf8'), `${src} holds CodeMirror`).not.toMatch(/@codemirror|cm-editor|EditorView/)
    }
    console.log(`lesson page JavaScript: ${page.files.length} files, ${page.bytes} bytes (${(page.bytes / 1024).toFixed(1)} KiB) uncompressed; by file: ${page.files.map(f => f.bytes).sort((a, b) => b - a).join(' ')}`)
    console.log(`entry chunk: ${page.entry.bytes} bytes, ${page.routeRecords.length} route records`)
    const paths = page.routeRecords.map(r => r.path)
    expect(paths).toContain('/trainer')
    expect(paths).toContain('/courses/:course()/:lesson()')
    const editorRecords = page.routeRecords.filter(r => /^\/trainer\/(content|edit)/.test(r.path) || /^trainer-(content|edit)/.test(r.name))
    expect(editorRecords, 'route records of the editor in the entry chunk').toEqual([])
    expect(page.entry.text, 'the entry names an editor component').not.toMatch(/EditorFile|EditorWorkspace|CodeEditor/)
    const { editorFiles, shared } = filesSharedWithEditor(page, '.output/public')
    expect(editorFiles.length, 'the build\'s editor chunks').toBeGreaterThan(0)
    console.log(`lesson page files the editor's chunks import, beyond the entry's: ${shared.join(' ') || 'none'}`)
    // Everything the editor's preview compiles again (modules/editor-preview-copies.ts) stays out
    // of the lesson page's files: the lesson components, the Markdown renderers, @nuxt/content's
    // generated component list and the helpers they import. A module both imported would be moved
    // into a file of its own, one more for the lesson page to load (a 377-byte DOM helper kept in
    // composables/, which the copies leave shared, did that until it moved to utils/).
    expect(shared, 'files the editor\'s chunks share with the lesson page, beyond the entry\'s').toEqual([])
  }, 120_000)
})
