import { resolve } from 'node:path'
import { checkContent, contentVersion, formatContentError, isBlocking, type ContentLibrary, type ContentError, type ContentValidity } from './content-library'
import { readContentFolder } from './content-folder'
import { noteContentVersionsSoon } from './content-versions'

// Where the running app reads content from. Built into the app as the server asset
// "assessments" (nuxt.config.ts): quizzes and scenarios live only here, never in a
// collection the browser can download. When the app itself writes content to files
// (development, or CONTENT_WRITE=files), it reads that folder instead, so a save shows at once.

export interface ContentStatus {
  library: ContentLibrary
  errors: ContentError[]
  validity: ContentValidity
  /** A hash of each file's text, keyed like ContentError.file (content/lessons/…): the trainer overview shows it. */
  fileVersions: Map<string, string>
}

/** How the content editor saves: to files here, to a Git remote, or not at all (a production build without either). */
export type ContentWriteMode = 'files' | 'git' | 'none'

export function contentWriteMode(): ContentWriteMode {
  if (process.env.CONTENT_GIT_REMOTE) return 'git'
  if (import.meta.dev || process.env.CONTENT_WRITE === 'files') return 'files'
  return 'none'
}

/** The content folder the app writes to in files mode (CONTENT_DIR, else content/ of the working directory). */
export const contentDir = () => resolve(process.env.CONTENT_DIR || 'content')

let cached: Promise<ContentStatus> | undefined

async function readBundledFiles(): Promise<Map<string, string>> {
  const storage = useStorage('assets:assessments')
  const files = new Map<string, string>()
  for (const key of await storage.getKeys()) {
    const file = key.replaceAll(':', '/')
    if (!/\.(md|ya?ml)$/.test(file) || file === 'README.md') continue
    const value = await storage.getItem(key)
    files.set(file, typeof value === 'string' ? value : new TextDecoder().decode(value as Uint8Array))
  }
  return files
}

/** The files the running app serves: the folder it writes to in files mode, else the built-in copy. */
export async function readServedFiles(): Promise<Map<string, string>> {
  return contentWriteMode() === 'files' ? readContentFolder(contentDir()) : readBundledFiles()
}

async function load(): Promise<ContentStatus> {
  const files = await readServedFiles()
  const result = checkContent(files)
  for (const e of result.errors) console.warn(`[content] ${formatContentError(e)}`)
  const fileVersions = new Map([...files].map(([file, text]) => [`content/${file}`, contentVersion(text)]))
  const status = { ...result, fileVersions }
  // When each version was first seen, for the trainer pages (content-versions.ts).
  noteContentVersionsSoon(status)
  return status
}

/** The parsed, checked content. Re-read on every call in development so edits show at once. */
export function getContentStatus() {
  if (import.meta.dev || !cached) cached = load()
  return cached
}

// In a production build the library is parsed once, when the app starts (server/plugins/content.ts,
// as soon as the database is ready), not by the first request that needs it: about half a second
// of CPU on a quiet machine (YAML, Markdown, the reply checks' text analysis), seconds under load.
// /api/health reports whether it has settled. In development it is re-read on every call, so there is nothing to prepare.
let prepared = import.meta.dev

/** Parses the content library now; settled (parsed, or failed and logged) marks the app ready. */
export async function prepareContent(log: (line: string) => void = console.info) {
  const started = performance.now()
  try {
    const { library, errors } = await getContentStatus()
    const blocking = errors.filter(isBlocking).length
    log(`[content] library parsed at start in ${Math.round(performance.now() - started)} ms: ${library.lessons.length} lessons, ${library.quizzes.size} quizzes, ${library.scenarios.size} scenarios${errors.length ? ` (${blocking} errors, ${errors.length - blocking} warnings)` : ''}`)
  }
  catch (error) {
    // As before the warm-up: the app still starts, and the requests that need content fail.
    console.error(`[content] library not read at start: ${(error as Error).message}`)
  }
  finally {
    prepared = true
  }
}

/** Whether the start-up parse of the content library has settled (always true in development). */
export const contentPrepared = () => prepared

/** After the editor wrote a file: the next request reads the folder again. */
export function invalidateContentStatus() {
  cached = undefined
}

export async function getContentLibrary(): Promise<ContentLibrary> {
  return (await getContentStatus()).library
}
