import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { checkContent } from '../server/domain/content/content-library.ts'

/** Every content file under `root` (Markdown and YAML, not the authoring guide), by path relative to it. */
export function readContentFiles(root: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name)
      if (statSync(full).isDirectory()) walk(full)
      else if (/\.(md|ya?ml)$/.test(name) && !(dir === root && name === 'README.md')) files.set(relative(root, full), readFileSync(full, 'utf8'))
    }
  }
  walk(root)
  return files
}

/** Reads and checks a content folder: what the checker, the tests and the benchmarks load. */
export function loadContent(root = 'content') {
  const clean = root.replace(/\/$/, '')
  return checkContent(readContentFiles(clean), clean)
}
