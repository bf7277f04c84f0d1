import { checkContent, contentVersion, formatContentError, type ContentLibrary, type ContentError, type ContentValidity } from './content-library'

// content/ is bundled as the server asset "assessments" (nuxt.config.ts): quizzes and
// scenarios live only here, never in a collection the browser can download.

export interface ContentStatus {
  library: ContentLibrary
  errors: ContentError[]
  validity: ContentValidity
  /** A hash of each file's text, keyed like ContentError.file (content/lessons/…): the trainer overview shows it. */
  fileVersions: Map<string, string>
}

let cached: Promise<ContentStatus> | undefined

async function readContentFiles(): Promise<Map<string, string>> {
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

async function load(): Promise<ContentStatus> {
  const files = await readContentFiles()
  const result = checkContent(files)
  for (const e of result.errors) console.warn(`[content] ${formatContentError(e)}`)
  const fileVersions = new Map([...files].map(([file, text]) => [`content/${file}`, contentVersion(text)]))
  return { ...result, fileVersions }
}

/** The parsed, checked content. Re-read on every call in development so edits show at once. */
export function getContentStatus() {
  if (import.meta.dev || !cached) cached = load()
  return cached
}

export async function getContentLibrary(): Promise<ContentLibrary> {
  return (await getContentStatus()).library
}
