// What the content editor costs a learner's lesson page, measured on one tree built two ways
// (issue 17): this working tree as it is, and the same files without the editor
// (components/editor/ removed, the trainer's content page without its lazy editor views).
//   npm run bench:lesson-js [-- --with .output] [--without DIR] [--lesson course/slug] [--keep]
// Both builds are made in copies of this tree's files (tracked and untracked, not ignored)
// under the system's temporary folder, with this tree's node_modules hard-linked; `--with DIR` uses an
// existing build of this tree for the "with the editor" side instead of building it again, and
// `--without DIR` a build kept (`--keep`) by an earlier run for the other side.
// Each build is started on the embedded database, a learner opens the same lesson, and the
// scripts the page's HTML loads are read (test/support/lesson-page-js.ts); then Chromium opens the
// page and every script it fetches is counted, the lazily loaded ones too. Prints the entry
// chunk, its route records and the lesson page's JavaScript of each build, and the files that
// differ. Takes two or three production builds: several minutes.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import mongoose from 'mongoose'
import { loadContent } from '../scripts/content-files.ts'
import { hashUserPassword } from '../server/utils/password.ts'
import { launchBrowser } from '../test/support/browser.ts'
import { filesSharedWithEditor, lessonPageJs, type LessonPageJs } from '../test/support/lesson-page-js.ts'
import { insertPeople, machineLine, signIn, startBenchApp } from './support.ts'

const { values } = parseArgs({
  options: {
    with: { type: 'string' },
    without: { type: 'string' },
    lesson: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
})
const PASSWORD = 'bench-password-1'
const root = process.cwd()
const work = mkdtempSync(join(tmpdir(), 'rapport-lesson-js-'))

/** Copies this tree's files (what git would see, ignored files left out) to a new folder. */
function copyTree(name: string) {
  const dir = join(work, name)
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean)
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    try {
      cpSync(join(root, file), join(dir, file))
    }
    catch (error) {
      // A file deleted in the working tree but still in the index.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  // Hard links, as a worktree's node_modules (a symlink would make the bundler name every
  // package by its path outside the copy, and the build's manifest would differ).
  execFileSync('cp', ['-al', join(root, 'node_modules'), join(dir, 'node_modules')])
  return dir
}

/** The trainer's content page without the editor: its page metadata, and the overview only. */
function removeEditor(dir: string) {
  rmSync(join(dir, 'components/editor'), { recursive: true })
  const page = join(dir, 'pages/trainer/index.vue')
  const keep = readFileSync(page, 'utf8').split('\n').filter(line => /^import |definePageMeta\(/.test(line))
  writeFileSync(page, `<script setup lang="ts">\n${keep.join('\n')}\n</script>\n\n<template>\n  <ContentOverview />\n</template>\n`)
  return dir
}

function build(dir: string) {
  console.log(`building ${dir} …`)
  execFileSync(process.execPath, [resolve(root, 'node_modules/nuxt/bin/nuxt.mjs'), 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] })
  return join(dir, '.output')
}

/**
 * The script files a browser actually fetches for the lesson page: it is opened in Chromium
 * (phone-sized, as Lighthouse does), left until the network is idle, scrolled to the end (the
 * lesson body hydrates when it comes into view) and left idle again. Sizes are the files'.
 */
async function fetchedInBrowser(url: string, cookie: string, publicDir: string) {
  const browser = await launchBrowser()
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
    const { origin } = new URL(url)
    await context.addCookies(cookie.split('; ').map((pair) => {
      const at = pair.indexOf('=')
      return { name: pair.slice(0, at), value: pair.slice(at + 1), url: origin }
    }))
    const page = await context.newPage()
    const srcs = new Set<string>()
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname
      if (path.startsWith('/_nuxt/') && path.endsWith('.js')) srcs.add(path)
    })
    await page.goto(url, { waitUntil: 'networkidle' })
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
    await page.waitForTimeout(500)
    await page.waitForLoadState('networkidle')
    const files = [...srcs].sort().map(src => ({ src, bytes: statSync(join(publicDir, src)).size }))
    return { files, bytes: files.reduce((sum, f) => sum + f.bytes, 0) }
  }
  finally {
    await browser.close()
  }
}

type Measured = LessonPageJs & { fetched: { files: { src: string, bytes: number }[], bytes: number } }

async function measure(label: string, output: string): Promise<Measured> {
  const { library } = loadContent()
  // The lesson test/server/lesson-page-js.test.ts opens, or --lesson course/slug.
  const lesson = values.lesson ? library.lessons.find(l => `${l.course}/${l.slug}` === values.lesson) : library.lessons[0]
  if (!lesson) throw new Error(`no lesson ${values.lesson}`)
  const app = await startBenchApp(`lessonjs_${label}`, { build: output })
  try {
    const connection = await mongoose.createConnection(app.databaseUri).asPromise()
    await insertPeople(connection, [{
      email: 'reader@bench.test', name: 'Lesson Reader', passwordHash: await hashUserPassword(PASSWORD), role: 'staff',
      jobRole: 'Sales associate', startDate: new Date(), active: true, sessionVersion: 0, createdAt: new Date(), updatedAt: new Date(),
    }])
    await connection.close()
    const cookie = await signIn(app.base, 'reader@bench.test', PASSWORD)
    const url = `${app.base}/courses/${lesson.course}/${lesson.slug}`
    const res = await fetch(url, { headers: { cookie, accept: 'text/html' } })
    if (res.status !== 200) throw new Error(`the lesson page answered ${res.status}`)
    const page = lessonPageJs(await res.text(), join(output, 'public'))
    return { ...page, fetched: await fetchedInBrowser(url, cookie, join(output, 'public')) }
  }
  finally {
    await app.stop()
  }
}

const n = (bytes: number) => bytes.toLocaleString('en')
const delta = (a: number, b: number) => (a === b ? '±0' : `${a > b ? '+' : '−'}${n(Math.abs(a - b))}`)

try {
  const withOutput = values.with ? resolve(values.with) : build(copyTree('with-editor'))
  const withoutOutput = values.without ? resolve(values.without) : build(removeEditor(copyTree('without-editor')))
  const before = await measure('without', withoutOutput)
  const after = await measure('with', withOutput)

  console.log(machineLine())
  console.log('| build | entry chunk | route records | named in the HTML | fetched in Chromium |')
  console.log('|---|---|---|---|---|')
  console.log(`| without the editor | ${n(before.entry.bytes)} B | ${before.routeRecords.length} | ${before.files.length} files, ${n(before.bytes)} B | ${before.fetched.files.length} files, ${n(before.fetched.bytes)} B |`)
  console.log(`| with the editor | ${n(after.entry.bytes)} B (${delta(after.entry.bytes, before.entry.bytes)}) | ${after.routeRecords.length} | ${after.files.length} files, ${n(after.bytes)} B (${delta(after.bytes, before.bytes)}) | ${after.fetched.files.length} files, ${n(after.fetched.bytes)} B (${delta(after.fetched.bytes, before.fetched.bytes)}) |`)
  // Chunk names are hashes of their content: a file in both lists is byte for byte the same.
  for (const [what, b, a] of [['named in the HTML', before.files, after.files], ['fetched', before.fetched.files, after.fetched.files]] as const) {
    const names = (files: readonly { src: string }[]) => new Set(files.map(f => f.src))
    const onlyBefore = b.filter(f => !names(a).has(f.src))
    const onlyAfter = a.filter(f => !names(b).has(f.src))
    console.log(`${what}: files the same in both: ${b.length - onlyBefore.length}`)
    for (const f of onlyBefore) console.log(`  only without the editor: ${f.src} ${n(f.bytes)} B`)
    for (const f of onlyAfter) console.log(`  only with the editor:    ${f.src} ${n(f.bytes)} B`)
  }
  // The same question asked of the one build (what test/server/lesson-page-js.test.ts checks).
  const { editorFiles, shared } = filesSharedWithEditor(after, join(withOutput, 'public'))
  console.log(`editor chunks: ${editorFiles.length}; lesson page files the editor's chunks also import, beyond the entry's: ${shared.length ? shared.join(' ') : 'none'}`)
}
finally {
  if (values.keep) console.log(`builds kept in ${work}`)
  else rmSync(work, { recursive: true, force: true })
}
