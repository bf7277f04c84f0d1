import { lstatSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

// The one reader of a content folder on disk: the checker CLI, the tests, the benchmarks,
// and the app when it writes content to files (CONTENT_WRITE=files, development).

/**
 * Every content file under `root` (Markdown and YAML, not the authoring guide), by path
 * relative to it. Symbolic links are skipped: the editor never follows one out of the folder.
 */
export function readContentFolder(root: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name)
      const stat = lstatSync(full)
      if (stat.isSymbolicLink()) continue
      if (stat.isDirectory()) walk(full)
      else if (/\.(md|ya?ml)$/.test(name) && !(dir === root && name === 'README.md')) files.set(relative(root, full), readFileSync(full, 'utf8'))
    }
  }
  walk(root)
  return files
}
