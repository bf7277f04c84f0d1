import type { ContentFolder } from '../../../shared/schemas/content-editor'

// New files start from the examples of content/README.md (the trainer's guide), so the
// template and the guide never disagree. Pure: it takes the guide's text.

const EXAMPLE = /Example, `content\/(courses|lessons|quizzes|scenarios|paths)\/[^`]+`[\s\S]*?\n(`{3,4})(?:yaml|markdown)\n([\s\S]*?)\n\2\n/g

/** The example file of each folder, as the guide shows it. */
export function guideExamples(readme: string): Map<ContentFolder, string> {
  const examples = new Map<ContentFolder, string>()
  for (const match of readme.matchAll(EXAMPLE)) {
    const folder = match[1] as ContentFolder
    if (!examples.has(folder)) examples.set(folder, `${match[3]}\n`)
  }
  return examples
}

/**
 * The guide's example for the folder of `path`, with its id (or slug) set to the file name
 * and, for a lesson, its course set to the folder it is in. Undefined when the guide has none.
 */
export function templateFor(readme: string, path: string): string | undefined {
  const [folder, ...rest] = path.split('/') as [ContentFolder, ...string[]]
  const example = guideExamples(readme).get(folder)
  if (!example) return undefined
  const name = rest.at(-1)!.replace(/\.(ya?ml|md)$/, '')
  if (folder === 'lessons') {
    const course = rest[0]!
    return example.replace(/^course: .*$/m, `course: ${course}`)
  }
  if (folder === 'courses') return example.replace(/^slug: .*$/m, `slug: ${name}`)
  let text = example.replace(/^id: .*$/m, `id: ${name}`)
  if (folder === 'quizzes' && name.endsWith('-quiz')) text = text.replace(/^course: .*$/m, `course: ${name.slice(0, -'-quiz'.length)}`)
  return text
}
