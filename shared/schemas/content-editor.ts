import { z } from './zod.ts'

// Requests of the in-browser content editor (/trainer?edit). A file is named by its
// path inside the content folder, and only names the checker would load are accepted:
// one of the five folders, a slug, .yml/.yaml (or .md for a lesson in its course folder).

export const CONTENT_FOLDERS = ['courses', 'lessons', 'quizzes', 'scenarios', 'paths'] as const
export type ContentFolder = typeof CONTENT_FOLDERS[number]

const SLUG = '[a-z0-9]+(?:-[a-z0-9]+)*'
const YAML_FILE = new RegExp(`^(courses|quizzes|scenarios|paths)/${SLUG}\\.ya?ml$`)
const LESSON_FILE = new RegExp(`^lessons/${SLUG}/(?:\\d+-)?${SLUG}\\.md$`)

/** Why a path is refused, in words a trainer can act on; undefined when it is acceptable. */
export function contentPathProblem(path: string): string | undefined {
  if (path.startsWith('/') || /^[a-z]:/i.test(path) || path.startsWith('\\')) return 'must be relative to the content folder, not an absolute path'
  if (path.split(/[/\\]/).some(part => part === '..' || part === '.')) return 'must not contain "." or ".." segments'
  if (path.includes('\\')) return 'use "/" between folders'
  const folder = path.split('/')[0]
  if (!(CONTENT_FOLDERS as readonly string[]).includes(folder ?? '')) return `must be in one of the content folders: ${CONTENT_FOLDERS.join(', ')}`
  if (folder === 'lessons') {
    if (!path.endsWith('.md')) return 'a lesson is a .md file'
    if (!LESSON_FILE.test(path)) return 'a lesson is lessons/<course>/<NN>-<lesson>.md, with lower-case words joined by hyphens'
    return undefined
  }
  if (!/\.ya?ml$/.test(path)) return `a file in ${folder}/ is a .yml file`
  if (!YAML_FILE.test(path)) return `a file in ${folder}/ is ${folder}/<name>.yml directly in the folder, with lower-case words joined by hyphens`
  return undefined
}

export const ContentFilePath = z.string().trim().min(1, 'name the file').max(200, 'is too long').superRefine((path, ctx) => {
  const problem = contentPathProblem(path)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

/** A lesson of a few hundred KB at most; quizzes and scenarios are far smaller. */
export const MAX_CONTENT_BYTES = 300_000
export const ContentText = z.string().refine(text => new TextEncoder().encode(text).length <= MAX_CONTENT_BYTES, `is larger than ${MAX_CONTENT_BYTES / 1000} KB`)

/** A hash of the text the trainer opened (null: the file is new); a save over a different text is a conflict. */
export const BaseHash = z.string().regex(/^[0-9a-f]{12}$/, 'must be the 12-character hash the file was opened with').nullable()

/** The change (Git branch) of the signed-in trainer to read from or save to; omitted for a new change. */
export const ChangeName = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be the name of one of your changes').max(120)

export const EditorFileQuery = z.object({ path: ContentFilePath, change: ChangeName.optional() })
export const EditorTemplateQuery = z.object({ path: ContentFilePath })
export const EditorCheckBody = z.object({ path: ContentFilePath, text: ContentText, change: ChangeName.optional() })
export const EditorSaveBody = z.object({ path: ContentFilePath, text: ContentText, baseHash: BaseHash, change: ChangeName.optional() })
export const EditorRenameBody = z.object({ path: ContentFilePath, to: ContentFilePath, baseHash: BaseHash.unwrap(), change: ChangeName.optional() })
export const EditorDeleteBody = z.object({ path: ContentFilePath, baseHash: BaseHash.unwrap(), change: ChangeName.optional() })
export const ChangeParams = z.object({ change: ChangeName })
