// Validates every file under content/ (or the folder given): schema errors and
// cross-references, one line per problem as `file: field: problem`. Exits 1 on any.
import { existsSync } from 'node:fs'
import { formatContentError } from '../server/domain/content/content-library.ts'
import { loadContent } from './content-files.ts'

const root = process.argv[2] ?? 'content'

if (!existsSync(root)) {
  console.error(`${root}: (folder): no content folder here; run the checker from the project root or name the folder`)
  process.exit(1)
}
const { library, errors } = loadContent(root)
for (const e of errors) console.error(formatContentError(e))
const counts = `${library.courses.size} courses, ${library.lessons.length} lessons, ${library.quizzes.size} quizzes, ${library.scenarios.size} scenarios, ${library.paths.size} paths`
if (errors.length) {
  console.error(`\n${errors.length} problem${errors.length === 1 ? '' : 's'} in ${root} (${counts})`)
  process.exit(1)
}
console.log(`content OK: ${counts}`)
