// Validates every file under content/ (or the folder given): schema errors and
// cross-references, one line per problem as `file: field: problem`. Exits 1 on any.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { checkContent, formatContentError } from '../server/utils/content-library.ts'

const root = process.argv[2] ?? 'content'

function walk(dir: string, files: Map<string, string>) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) walk(full, files)
    else if (/\.(md|ya?ml)$/.test(name) && !(dir === root && name === 'README.md')) {
      files.set(relative(root, full), readFileSync(full, 'utf8'))
    }
  }
  return files
}

if (!existsSync(root)) {
  console.error(`${root}: (folder): no content folder here; run the checker from the project root or name the folder`)
  process.exit(1)
}
const files = walk(root, new Map())
const { library, errors } = checkContent(files, root.replace(/\/$/, ''))
for (const e of errors) console.error(formatContentError(e))
const counts = `${library.courses.size} courses, ${library.lessons.length} lessons, ${library.quizzes.size} quizzes, ${library.scenarios.size} scenarios, ${library.paths.size} paths`
if (errors.length) {
  console.error(`\n${errors.length} problem${errors.length === 1 ? '' : 's'} in ${root} (${counts})`)
  process.exit(1)
}
console.log(`content OK: ${counts}`)
