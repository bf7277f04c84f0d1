import { checkContent } from '../server/domain/content/content-library.ts'
import { readContentFolder } from '../server/domain/content/content-folder.ts'

/** Reads and checks a content folder: what the checker, the tests and the benchmarks load. */
export function loadContent(root = 'content') {
  const clean = root.replace(/\/$/, '')
  return checkContent(readContentFolder(clean), clean)
}
