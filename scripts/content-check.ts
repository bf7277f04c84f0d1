// Validates every file under content/ (or the folder given): schema errors and
// cross-references, one line per problem as `file: field: problem`. Exits 1 on any.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { coverageTable } from '../server/domain/content/concept-coverage.ts'
import { formatContentError } from '../server/domain/content/content-library.ts'
import { loadContent } from './content-files.ts'
import { withCoverageTable } from './coverage-markers.ts'

const root = process.argv[2] ?? 'content'

if (!existsSync(root)) {
  console.error(`${root}: (folder): no content folder here; run the checker from the project root or name the folder`)
  process.exit(1)
}
const { library, errors } = loadContent(root)
// The coverage table in the trainer's guide must say what the files say.
const readme = join(root, 'README.md')
if (existsSync(readme)) {
  const text = readFileSync(readme, 'utf8')
  const updated = withCoverageTable(text, coverageTable(library))
  if (updated !== undefined && updated !== text) {
    errors.push({ file: readme, field: 'coverage', message: 'the coverage table is out of date: run npm run content:coverage' })
  }
}
for (const e of errors) console.error(formatContentError(e))
const counts = `${library.courses.size} courses, ${library.lessons.length} lessons, ${library.quizzes.size} quizzes, ${library.scenarios.size} scenarios, ${library.paths.size} paths`
if (errors.length) {
  console.error(`\n${errors.length} problem${errors.length === 1 ? '' : 's'} in ${root} (${counts})`)
  process.exit(1)
}
console.log(`content OK: ${counts}`)
