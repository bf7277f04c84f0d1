import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { addVitePlugin, defineNuxtModule } from '@nuxt/kit'
import type { Plugin } from 'vite'

// The content editor's preview shows a draft with the learner's own components (LessonArticle,
// the Markdown renderers, QuizPlayer …). A module that two lazily loaded chunks both import is
// moved by the bundler into a chunk of its own, so sharing them would take LessonArticle and the
// renderers out of the lesson page's chunk and make a learner's lesson page load more files and
// bytes (issue 17, docs/decisions.md). So in production builds the editor gets its own compiled
// copies: what a module under components/editor/ imports from elsewhere, and everything those
// copies import in turn, is resolved to a copy of the same file ("LessonArticle.editor-copy.vue",
// the same source, compiled again under another module id), except the framework modules that
// hold an application's state (Vue, Nuxt, the router, Pinia, the head manager, composables and
// stores), which must stay single. The learner's modules and chunks are then the same bytes with
// or without the editor (measured by `npm run bench:lesson-js`); the preview still renders the
// same source files. Development builds don't split chunks, so they use the files themselves.

const COPY = '.editor-copy'
const COPY_RE = /\.editor-copy(\.[^./]+)$/
const NUXT_VIRTUAL_RE = /^\/?virtual:nuxt:/
// Modules that hold state for the whole app, or are in the entry anyway: never copied.
// (Nuxt's wrapper of lazily hydrated components holds none and is copied.)
const SHARED_PACKAGES = /\/node_modules\/(?:vue|@vue|nuxt\/(?!dist\/components\/runtime\/lazy-hydrated-component\.js$)|@nuxt\/(?!content\/)|vue-router|pinia|@pinia|unhead|@unhead|nuxt-auth-utils|nuxt-security|nuxt-site-config|@nuxtjs\/(?!mdc\/))/

export function editorPreviewCopies(rootDir: string, buildDir: string, generated: (path: string) => string | undefined): Plugin {
  const editorDir = join(rootDir, 'components/editor/')
  // Of Nuxt's generated files only @nuxt/content's component list (what ContentRenderer
  // imports) is copied, read from Nuxt's virtual files (the one on disk may be stale).
  const sharedProjectDirs = ['composables/', 'stores/', 'plugins/', 'app/', 'layouts/', 'pages/', 'middleware/'].map(dir => join(rootDir, dir))
  const generatedCopyable = join(buildDir, 'content/components.ts')
  const copyable = (path: string) => isAbsolute(path)
    && !path.startsWith(editorDir)
    && !COPY_RE.test(path)
    && !SHARED_PACKAGES.test(path)
    && !sharedProjectDirs.some(dir => path.startsWith(dir))
    && (path.startsWith(buildDir) ? path === generatedCopyable && generated(path) !== undefined : existsSync(path))
  return {
    name: 'rapport:editor-preview-copies',
    enforce: 'pre',
    apply: 'build',
    // Before Nuxt's own resolvers, which claim its generated files.
    resolveId: { order: 'pre', async handler(source, importer, options) {
      if (!importer || source.startsWith('\0')) return null
      const importerPath = importer.split('?')[0]!
      if (!importerPath.startsWith(editorDir) && !COPY_RE.test(importerPath)) return null
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true })
      if (!resolved || resolved.external) return resolved
      const [id, query] = resolved.id.split('?') as [string, string | undefined]
      // Nuxt names its generated files "virtual:nuxt:<path from the root, URI-encoded>".
      const path = NUXT_VIRTUAL_RE.test(id) ? resolve(rootDir, decodeURIComponent(id.replace(NUXT_VIRTUAL_RE, ''))) : id
      // A copy's own blocks (its <style>) are already named by the copy.
      if (!copyable(path) || query?.includes('vue&type=')) return resolved
      const dot = path.lastIndexOf('.')
      return { ...resolved, id: `${path.slice(0, dot)}${COPY}${path.slice(dot)}${query === undefined ? '' : `?${query}`}` }
    } },
    load: { order: 'pre', handler(id) {
      if (id.includes('?')) return null
      const match = COPY_RE.exec(id)
      if (!match) return null
      const original = id.slice(0, match.index) + match[1]
      if (original === generatedCopyable) {
        return generated(original)
      }
      // Nuxt's aliases are resolved before this plugin sees an import, so ContentRenderer's
      // component list is named by its file, which resolveId above then copies.
      return readFileSync(original, 'utf8').replaceAll(/(["'])#content\/components\1/g, JSON.stringify(generatedCopyable))
    } },
  }
}

export default defineNuxtModule({
  meta: { name: 'editor-preview-copies' },
  setup(_options, nuxt) {
    addVitePlugin(editorPreviewCopies(nuxt.options.rootDir, nuxt.options.buildDir, path => nuxt.vfs[path]))
  },
})
