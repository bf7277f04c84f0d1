// Validates every file under content/ (or the folder given): schema errors, cross-references,
// the coverage table and the validity check (test-wise strategies against every quiz and
// role-play), one line per problem as `file: field: problem`. Warnings are printed too;
// exits 1 on any error. `--figures` also prints what the validity check measured per file.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { coverageTable } from '../server/domain/content/concept-coverage.ts'
import { formatContentError, isBlocking } from '../server/domain/content/content-library.ts'
import { percent, toNumber } from '../server/domain/content/content-validity.ts'
import { loadContent } from './content-files.ts'
import { withCoverageTable } from './coverage-markers.ts'

const args = process.argv.slice(2)
const verbose = args.includes('--figures')
const root = args.find(a => !a.startsWith('--')) ?? 'content'

if (!existsSync(root)) {
  console.error(`${root}: (folder): no content folder here; run the checker from the project root or name the folder`)
  process.exit(1)
}
const { library, errors, validity } = loadContent(root)
// The coverage table in the trainer's guide must say what the files say.
const readme = join(root, 'README.md')
if (existsSync(readme)) {
  const text = readFileSync(readme, 'utf8')
  const updated = withCoverageTable(text, coverageTable(library))
  if (updated !== undefined && updated !== text) {
    errors.push({ file: readme, field: 'coverage', message: 'the coverage table is out of date: run npm run content:coverage' })
  }
}
const blocking = errors.filter(isBlocking)
const warnings = errors.filter(e => !isBlocking(e))
for (const e of [...blocking, ...warnings]) console.error(formatContentError(e))

if (verbose) {
  for (const [id, v] of validity.quizzes) {
    console.log(`${library.quizzes.get(id)!.file}: guessing passes ${percent(v.guessPass)}; correct option longest in ${v.longest.longest}/${v.longest.single} single-choice questions`)
  }
  for (const [id, v] of validity.scenarios) {
    const passing = Object.entries(v.strategies).filter(([, p]) => p).map(([s]) => s)
    console.log(`${library.scenarios.get(id)!.file}: ${v.routeCount} routes; random clicking passes ${percent(toNumber(v.randomPass))} (${v.randomPass.n}/${v.randomPass.d}); strategies passing: ${passing.join(', ') || 'none'}; best reply longest at ${v.bestIsLongest.nodes}/${v.bestIsLongest.of} nodes`)
  }
}

const counts = `${library.courses.size} courses, ${library.lessons.length} lessons, ${library.quizzes.size} quizzes, ${library.scenarios.size} scenarios, ${library.paths.size} paths`
const warned = warnings.length ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'})` : ''
if (blocking.length) {
  console.error(`\n${blocking.length} problem${blocking.length === 1 ? '' : 's'} in ${root}${warned} (${counts})`)
  process.exit(1)
}
console.log(`content OK${warned}: ${counts}`)
