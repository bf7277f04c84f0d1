import { existsSync, readFileSync } from 'node:fs'
import { lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { createHash, randomBytes } from 'node:crypto'
import { parseMarkdown } from '@nuxtjs/mdc/runtime'
import { CONTENT_FOLDERS, type ContentFolder } from '../../../shared/schemas/content-editor'
import { ContentChangeModel } from '../../models/content-change'
import { pathPreview, quizPreview, scenarioPreview } from '../trainer/content-previews'
import { withCoverageTable } from '../../../scripts/coverage-markers'
import { coverageTable } from './concept-coverage'
import { checkContent, contentVersion, formatContentError, isBlocking, type ContentError, type ContentLibrary, type ContentValidity } from './content-library'
import { quizFigures, scenarioFigures } from './content-overview'
import { readContentFolder } from './content-folder'
import { fieldLine } from './content-lines'
import { contentDir, contentWriteMode, invalidateContentStatus, readServedFiles } from './content-store'
import { templateFor } from './content-templates'
import {
  changedFiles, commitEdits, readGuide, deleteBranch, gitSettings, isAncestor, listBranches, openPullRequest,
  pushBranch, readTreeFiles, revParse, serialised, syncWorkingCopy, type GitSettings, type TreeEdit,
} from './content-git'

// The in-browser content editor (/trainer?edit). Every save, rename and delete runs the
// checker over the whole library with the edit in place, refuses what it would refuse, and
// checks that the file is still the one the trainer opened (its hash), so two trainers never
// overwrite each other. Where the edit goes depends on the deployment (contentWriteMode):
// straight to the content folder (development, CONTENT_WRITE=files), or as a commit on the
// trainer's change branch of the content repository (CONTENT_GIT_REMOTE).

export interface Editor { id: string, name: string, email: string }
type Where = 'body' | 'query'

export const fileHash = (text: string) => contentVersion(text)
const isWarning = (e: ContentError) => !isBlocking(e)
const label = (path: string) => `content/${path}`

/** content/lessons/soft-skills/02-empathy.md → lessons-soft-skills-02-empathy: the name of a trainer's change to that file. */
export const changeNameFor = (path: string) => path.replace(/\.(ya?ml|md)$/, '').replaceAll('/', '-')
const branchOf = (editor: Editor, change: string) => `content/${editor.id}/${change}`

const conflict = (message: string) => createError({ statusCode: 409, statusMessage: message, data: { conflict: true } })

function refuseWithoutWriting() {
  return createError({
    statusCode: 409,
    statusMessage: 'This deployment does not save content: set CONTENT_GIT_REMOTE to save changes to a Git branch, or CONTENT_WRITE=files to write the content folder.',
  })
}

// ---- Where the files come from ------------------------------------------------------------

interface Snapshot {
  files: Map<string, string>
  /** Git mode: the commit the files were read from, the base commit and the change branch, if any. */
  git?: { settings: GitSettings, parent: string, base: string, branch: string, tip?: string }
}

async function gitBase(settings: GitSettings) {
  const base = await revParse(settings, `refs/remotes/origin/${settings.base}`)
  if (!base) throw createError({ statusCode: 503, statusMessage: `The content repository has no branch "${settings.base}" (CONTENT_GIT_BRANCH).` })
  return base
}

/** The change branch a trainer's edit of `path` goes to; the tip is undefined for a new change or one already merged. */
async function gitSnapshot(settings: GitSettings, editor: Editor, change: string): Promise<Snapshot> {
  const base = await gitBase(settings)
  const branch = branchOf(editor, change)
  const found = await revParse(settings, `refs/remotes/origin/${branch}`)
  const tip = found && !(await isAncestor(settings, found, base)) ? found : undefined
  const parent = tip ?? base
  return { files: await readTreeFiles(settings, parent), git: { settings, parent, base, branch, tip } }
}

async function snapshot(editor: Editor, change: string | undefined, options: { fetch?: boolean, path?: string } = {}): Promise<Snapshot & { change?: string }> {
  const mode = contentWriteMode()
  if (mode === 'files') return { files: readContentFolder(contentDir()) }
  if (mode === 'none') return { files: await readServedFiles() }
  const settings = gitSettings()
  return serialised(async () => {
    if (options.fetch || !(await revParse(settings, `refs/remotes/origin/${settings.base}`).catch(() => undefined))) await syncWorkingCopy(settings)
    if (change) {
      const shot = await gitSnapshot(settings, editor, change)
      if (!shot.git!.tip) throw createError({ statusCode: 404, statusMessage: `You have no unpublished change "${change}".` })
      return { ...shot, change }
    }
    // Resume: a trainer who has an unpublished change to this file edits that, not the base.
    if (options.path) {
      const own = await gitSnapshot(settings, editor, changeNameFor(options.path))
      if (own.git!.tip) return { ...own, change: changeNameFor(options.path) }
    }
    const base = await gitBase(settings)
    return { files: await readTreeFiles(settings, base) }
  })
}

/** Refuses a path that is, or passes through, a symbolic link in the content folder. */
async function refuseLinks(path: string, where: Where, field = 'path') {
  if (contentWriteMode() !== 'files') return
  let at = contentDir()
  for (const part of path.split('/')) {
    at = join(at, part)
    const stat = await lstat(at).catch(() => undefined)
    if (!stat) return
    if (stat.isSymbolicLink()) throw invalidField(where, field, 'is a symbolic link; the editor does not follow links')
  }
}

// ---- Reading --------------------------------------------------------------------------------

function fileStatus(errors: ContentError[], path: string) {
  const mine = errors.filter(e => e.file === label(path))
  return { errors: mine.filter(e => !isWarning(e)).length, warnings: mine.filter(isWarning).length }
}

/** Every content file by folder with the checker's verdict, and the trainer's unpublished changes. */
export async function editorWorkspace(editor: Editor) {
  const { files } = await snapshot(editor, undefined, { fetch: true })
  const { errors } = checkContent(files)
  const folders = CONTENT_FOLDERS.map(folder => ({
    folder,
    files: [...files.keys()].filter(p => p.startsWith(`${folder}/`)).sort().map(path => ({ path, hash: fileHash(files.get(path)!), ...fileStatus(errors, path) })),
  }))
  return {
    mode: contentWriteMode(),
    errorCount: errors.filter(e => !isWarning(e)).length,
    warningCount: errors.filter(isWarning).length,
    folders,
    changes: contentWriteMode() === 'git' ? await myChanges(editor) : [],
  }
}

export async function openContentFile(editor: Editor, path: string, change?: string) {
  await refuseLinks(path, 'query')
  const shot = await snapshot(editor, change, { fetch: true, path })
  const text = shot.files.get(path)
  if (text === undefined) throw createError({ statusCode: 404, statusMessage: `There is no file content/${path}${shot.change ? ` in your change "${shot.change}"` : ''}.` })
  return { path, text, hash: fileHash(text), change: shot.change ?? null, mode: contentWriteMode() }
}

/** The guide's example for a new file at `path` (content/README.md). */
export async function contentTemplate(path: string) {
  const readme = await useStorage('assets:assessments').getItem<string>('README.md')
  const guide = typeof readme === 'string' ? readme : new TextDecoder().decode(readme as unknown as Uint8Array)
  const text = templateFor(guide, path)
  if (!text) throw createError({ statusCode: 404, statusMessage: `The guide has no example for ${path.split('/')[0]}/.` })
  return { path, text }
}

// ---- Checking a draft -----------------------------------------------------------------------

interface Finding { field: string, message: string, severity: 'error' | 'warning', line: number }

function findingsOf(errors: ContentError[], path: string, text: string): Finding[] {
  return errors.filter(e => e.file === label(path)).map(e => ({
    field: e.field, message: e.message, severity: isWarning(e) ? 'warning' : 'error', line: fieldLine(path, text, e.field, e.message),
  }))
}

/** Errors in other files that the edit causes (a path naming a quiz whose id changed), as content:check prints them. */
function newErrorsElsewhere(before: ContentError[], after: ContentError[], paths: string[]) {
  const was = new Set(before.map(formatContentError))
  return after.filter(e => !isWarning(e) && !paths.some(p => e.file === label(p)) && !was.has(formatContentError(e))).map(formatContentError)
}

async function lessonPreview(text: string, library: ContentLibrary, path: string) {
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n?([\s\S]*)$/.exec(text)
  const parsed = await parseMarkdown(match ? match[1]! : text, { toc: { depth: 2, searchDepth: 2 } })
  const entry = library.lessons.find(l => l.file === label(path))
  const course = entry ? library.courses.get(entry.course) : undefined
  return {
    kind: 'lesson' as const,
    lesson: entry ? { title: entry.title, description: entry.description, minutes: entry.minutes, objectives: entry.objectives, slug: entry.slug } : null,
    course: course ? { slug: course.slug, title: course.title } : null,
    body: { ...parsed.body, toc: parsed.toc },
  }
}

/** A quiz or role-play preview carries the validity figures of the draft (content-validity.ts), computed with the checker. */
function previewOf(path: string, library: ContentLibrary, validity: ContentValidity) {
  const folder = path.split('/')[0] as ContentFolder
  const file = label(path)
  if (folder === 'quizzes') {
    const entry = [...library.quizzes.values()].find(q => q.file === file)
    return entry ? { kind: 'quiz' as const, ...quizPreview(entry), validity: quizFigures(validity.quizzes.get(entry.definition.id)) } : null
  }
  if (folder === 'scenarios') {
    const entry = [...library.scenarios.values()].find(s => s.file === file)
    return entry ? { kind: 'scenario' as const, ...scenarioPreview(entry), validity: scenarioFigures(validity.scenarios.get(entry.definition.id)) } : null
  }
  if (folder === 'paths') {
    const entry = [...library.paths.values()].find(p => p.file === file)
    return entry ? { kind: 'path' as const, path: pathPreview(entry, library) } : null
  }
  const course = [...library.courses.values()].find(c => c.file === file)
  return course
    ? { kind: 'course' as const, course: { ...course, lessons: library.lessons.filter(l => l.course === course.slug).map(l => ({ slug: l.slug, title: l.title, minutes: l.minutes })) } }
    : null
}

// The library as stored is checked once per version of it, not again at every keystroke.
let lastLibrary: { digest: string, errors: ContentError[] } | undefined
function libraryErrors(files: Map<string, string>) {
  const hash = createHash('sha256')
  for (const [path, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) hash.update(`${path}\0${text}\0`)
  const digest = hash.digest('hex')
  if (lastLibrary?.digest !== digest) lastLibrary = { digest, errors: checkContent(files).errors }
  return lastLibrary.errors
}

/**
 * The checker's findings for a draft, run over the whole library with the draft in place,
 * each at its line; the errors it would cause in other files; and a preview built from
 * the draft. Nothing is written or recorded: the draft goes back to its author only.
 */
export async function checkDraft(editor: Editor, path: string, text: string, change?: string) {
  const { files } = await snapshot(editor, change, { path })
  const before = libraryErrors(files)
  files.set(path, text)
  const { library, errors, validity } = checkContent(files)
  const preview = path.startsWith('lessons/') ? await lessonPreview(text, library, path) : previewOf(path, library, validity)
  return {
    path,
    findings: findingsOf(errors, path, text),
    elsewhere: newErrorsElsewhere(before, errors, [path]),
    preview,
  }
}
export type DraftCheck = Awaited<ReturnType<typeof checkDraft>>

// ---- Saving, renaming, deleting -------------------------------------------------------------

interface Edit { kind: 'save' | 'rename' | 'delete', path: string, to?: string, text?: string, baseHash: string | null, change?: string }

function refuseIfChecked(before: Map<string, string>, after: Map<string, string>, paths: string[], text?: string, textPath?: string) {
  const was = libraryErrors(before)
  const { library, errors } = checkContent(after)
  const own = errors.filter(e => !isWarning(e) && paths.some(p => e.file === label(p)))
  const elsewhere = newErrorsElsewhere(was, errors, paths)
  if (own.length || elsewhere.length) {
    const lines = [...own.map(formatContentError), ...elsewhere]
    throw createError({
      statusCode: 422,
      statusMessage: `The content checker refused this: ${lines[0]}${lines.length > 1 ? ` (and ${lines.length - 1} more)` : ''}`.slice(0, 400),
      data: { errors: lines, findings: text !== undefined && textPath ? findingsOf(errors, textPath, text) : [] },
    })
  }
  return { library, warnings: errors.filter(e => isWarning(e) && paths.some(p => e.file === label(p))).map(formatContentError) }
}

/** The guide's coverage table is generated from the files (npm run content:coverage): an edit that changes it updates it too. */
function guideEdit(readme: string | undefined, library: ContentLibrary): TreeEdit[] {
  if (readme === undefined) return []
  const updated = withCoverageTable(readme, coverageTable(library))
  return updated !== undefined && updated !== readme ? [{ path: 'README.md', text: updated }] : []
}

function applyEdit(files: Map<string, string>, edit: Edit): { after: Map<string, string>, tree: TreeEdit[], paths: string[] } {
  const current = files.get(edit.path)
  if (edit.baseHash === null ? current !== undefined : current === undefined || fileHash(current) !== edit.baseHash) {
    throw conflict(current === undefined
      ? `content/${edit.path} no longer exists: someone renamed or deleted it since you opened it.`
      : edit.baseHash === null
        ? `content/${edit.path} already exists: open it instead, or choose another name.`
        : `content/${edit.path} was changed by someone else since you opened it. Copy your text, reload the file and apply your edit to the new version.`)
  }
  const after = new Map(files)
  if (edit.kind === 'save') {
    after.set(edit.path, edit.text!)
    return { after, tree: [{ path: edit.path, text: edit.text! }], paths: [edit.path] }
  }
  after.delete(edit.path)
  if (edit.kind === 'delete') return { after, tree: [{ path: edit.path }], paths: [edit.path] }
  if (files.has(edit.to!)) throw invalidField('body', 'to', `content/${edit.to} already exists`, 409)
  after.set(edit.to!, current!)
  return { after, tree: [{ path: edit.path }, { path: edit.to!, text: current! }], paths: [edit.path, edit.to!] }
}

async function editFiles(editor: Editor, edit: Edit) {
  const root = contentDir()
  return serialised(async () => {
    const files = readContentFolder(root)
    const { after, tree, paths } = applyEdit(files, edit)
    const { library, warnings } = refuseIfChecked(files, after, paths, edit.text, edit.path)
    const guide = join(root, 'README.md')
    for (const change of [...tree, ...guideEdit(existsSync(guide) ? readFileSync(guide, 'utf8') : undefined, library)]) {
      const target = join(root, change.path)
      if (change.text === undefined) {
        await rm(target)
        continue
      }
      await mkdir(dirname(target), { recursive: true })
      const temporary = `${target}.${randomBytes(4).toString('hex')}.tmp`
      await writeFile(temporary, change.text, 'utf8')
      await rename(temporary, target)
    }
    invalidateContentStatus()
    return { warnings, change: null, commit: null, pullRequest: null }
  })
}

async function otherTrainersTouching(snap: NonNullable<Snapshot['git']>, editor: Editor, paths: string[]) {
  const { settings, base } = snap
  for (const other of await listBranches(settings, 'content/')) {
    if (other.branch.startsWith(`content/${editor.id}/`)) continue
    if (await isAncestor(settings, other.commit, base)) continue
    const touched = await changedFiles(settings, base, other.commit)
    const path = paths.find(p => touched.includes(p))
    if (path) {
      throw conflict(`${other.author} has an unpublished change to content/${path} (saved ${other.date.toISOString().slice(0, 16).replace('T', ' ')} UTC). It must be published or discarded before this file can be changed again.`)
    }
  }
}

const COMMIT_VERB = { save: 'Edit', rename: 'Rename', delete: 'Delete' } as const

async function editGit(editor: Editor, edit: Edit) {
  const settings = gitSettings()
  return serialised(async () => {
    await syncWorkingCopy(settings)
    const change = edit.change ?? changeNameFor(edit.path)
    const shot = await gitSnapshot(settings, editor, change)
    const git = shot.git!
    if (edit.change && !git.tip) throw createError({ statusCode: 404, statusMessage: `You have no unpublished change "${edit.change}".` })
    const { after, tree, paths } = applyEdit(shot.files, edit)
    await otherTrainersTouching(git, editor, paths)
    const { library, warnings } = refuseIfChecked(shot.files, after, paths, edit.text, edit.path)
    tree.push(...guideEdit(await readGuide(settings, git.parent), library))
    const what = edit.kind === 'rename' ? `content/${edit.path} to content/${edit.to}` : `content/${edit.path}`
    const commit = await commitEdits(settings, git.parent, tree, editor, `${COMMIT_VERB[edit.kind]} ${what}\n\nSaved in Rapport's content editor by ${editor.name}.`)
    if (!(await pushBranch(settings, commit, git.branch))) {
      throw conflict('Your change was saved from somewhere else meanwhile (another tab?). Reload the file and apply your edit again.')
    }
    let record = await ContentChangeModel.findById(git.branch).lean()
    if (!record) {
      await ContentChangeModel.updateOne({ _id: git.branch }, { $setOnInsert: { user: editor.id, pullRequest: '' } }, { upsert: true })
      record = await ContentChangeModel.findById(git.branch).lean()
    }
    let pullRequest = record?.pullRequest || null
    if (!pullRequest && settings.provider && settings.token) {
      pullRequest = await openPullRequest(settings, git.branch, `Content: ${COMMIT_VERB[edit.kind].toLowerCase()} ${what}`, `A change made by ${editor.name} in Rapport's content editor. Merging it rebuilds the deployment with the change.`) ?? null
      if (pullRequest) {
        await ContentChangeModel.updateOne({ _id: git.branch }, { $set: { pullRequest } })
        await recordAudit(editor, 'content.publish', git.branch, { pullRequest })
      }
    }
    return { warnings, change, commit, pullRequest }
  })
}

async function applyContentEdit(editor: Editor, edit: Edit) {
  const mode = contentWriteMode()
  if (mode === 'none') throw refuseWithoutWriting()
  await refuseLinks(edit.path, 'body')
  if (edit.to) await refuseLinks(edit.to, 'body', 'to')
  if (edit.to && edit.to.split('/')[0] !== edit.path.split('/')[0]) throw invalidField('body', 'to', 'a file keeps its folder: rename it within the same content folder')
  const result = mode === 'git' ? await editGit(editor, edit) : await editFiles(editor, edit)
  const target = edit.kind === 'rename' ? `content/${edit.to}` : `content/${edit.path}`
  await recordAudit(editor, `content.${edit.kind}`, target, {
    mode, ...(edit.kind === 'rename' ? { from: `content/${edit.path}` } : {}),
    ...(result.commit ? { branch: branchOf(editor, result.change!), commit: result.commit } : {}),
    ...(edit.text !== undefined ? { hash: fileHash(edit.text) } : {}),
  })
  return { mode, ...result }
}

export async function saveContentFile(editor: Editor, path: string, text: string, baseHash: string | null, change?: string) {
  const result = await applyContentEdit(editor, { kind: 'save', path, text, baseHash, change })
  return { path, hash: fileHash(text), ...result }
}

export async function renameContentFile(editor: Editor, path: string, to: string, baseHash: string, change?: string) {
  if (to === path) throw invalidField('body', 'to', 'is the file\'s current name')
  const result = await applyContentEdit(editor, { kind: 'rename', path, to, baseHash, change })
  return { path: to, ...result }
}

export async function deleteContentFile(editor: Editor, path: string, baseHash: string, change?: string) {
  const result = await applyContentEdit(editor, { kind: 'delete', path, baseHash, change })
  return { path, ...result }
}

// ---- Unpublished changes (Git mode) ---------------------------------------------------------

async function myChanges(editor: Editor) {
  const settings = gitSettings()
  return serialised(async () => {
    const base = await gitBase(settings)
    const changes = []
    for (const b of await listBranches(settings, `content/${editor.id}/`)) {
      if (await isAncestor(settings, b.commit, base)) continue
      const record = await ContentChangeModel.findById(b.branch).lean()
      changes.push({
        change: b.branch.split('/').at(-1)!,
        files: await changedFiles(settings, base, b.commit),
        savedAt: b.date,
        pullRequest: record?.pullRequest || null,
      })
    }
    return changes.sort((a, b) => b.savedAt.getTime() - a.savedAt.getTime())
  })
}

export async function discardContentChange(editor: Editor, change: string) {
  if (contentWriteMode() !== 'git') throw createError({ statusCode: 404, statusMessage: 'Changes are kept only when content is saved to Git.' })
  const settings = gitSettings()
  const branch = branchOf(editor, change)
  await serialised(async () => {
    await syncWorkingCopy(settings)
    if (!(await revParse(settings, `refs/remotes/origin/${branch}`))) throw createError({ statusCode: 404, statusMessage: `You have no unpublished change "${change}".` })
    await deleteBranch(settings, branch)
  })
  await ContentChangeModel.deleteOne({ _id: branch })
  await recordAudit(editor, 'content.discard', branch, {})
  return { change, discarded: true }
}
