// Writes the coverage table (concept → lesson → quiz questions → role-play choices) into
// content/README.md between its coverage markers, from the content files themselves:
//   npm run content:coverage            (or: node scripts/content-coverage.ts [folder])
// `npm run content:check` fails while the table in the README differs from the files.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { coverageTable } from '../server/domain/content/concept-coverage.ts'
import { loadContent } from './content-files.ts'
import { COVERAGE_END, COVERAGE_START, withCoverageTable } from './coverage-markers.ts'

const root = (process.argv[2] ?? 'content').replace(/\/$/, '')
const readme = join(root, 'README.md')
if (!existsSync(readme)) {
  console.error(`${readme}: (file): no trainer's guide here to write the coverage table into`)
  process.exit(1)
}
const { library, errors } = loadContent(root)
if (errors.length) console.error(`note: ${errors.length} content problem(s); run npm run content:check`)
const text = readFileSync(readme, 'utf8')
const updated = withCoverageTable(text, coverageTable(library))
if (updated === undefined) {
  console.error(`${readme}: (file): add the lines ${COVERAGE_START} and ${COVERAGE_END} where the table should go`)
  process.exit(1)
}
if (updated === text) console.log(`${readme}: coverage table already up to date`)
else {
  writeFileSync(readme, updated)
  console.log(`${readme}: coverage table written (${library.concepts.entries.length} concepts)`)
}
