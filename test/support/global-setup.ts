import { existsSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startEmbeddedDb } from '../../server/utils/embedded-db'

declare module 'vitest' {
  export interface ProvidedContext {
    ferretdbPort: number
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(resolve('.output/server/index.mjs'))) {
    throw new Error('No build found: run `npm run build` first (scripts/test.sh does).')
  }
  const db = await startEmbeddedDb({ dataDir: `.data/test-ferretdb-${process.pid}-${project.name}` })
  project.provide('ferretdbPort', db.port)
  return async () => {
    await db.stop()
    rmSync(db.dataDir, { recursive: true, force: true })
  }
}
