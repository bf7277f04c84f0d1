import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadContent } from '../../scripts/content-files'
import { startServer, type TestServer } from '../support/server'

// Answer keys and scores live only in content/quizzes and content/scenarios, which the
// server loads; these tests look for them everywhere a browser can reach.

/** Every file a browser could be sent from the build's public folder. */
function readTree(dir: string, files = new Map<string, string>(), root = dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) readTree(full, files, root)
    else files.set(relative(root, full), readFileSync(full, 'utf8'))
  }
  return files
}

/** Sentences that exist only in answer keys and scoring: explanations and feedback. */
function secretSentences() {
  const { library } = loadContent()
  const secrets = new Set<string>()
  for (const { definition } of library.quizzes.values()) {
    for (const q of definition.questions) secrets.add(q.explanation)
  }
  for (const { definition } of library.scenarios.values()) {
    for (const node of Object.values(definition.nodes)) {
      for (const choice of node.choices) secrets.add(choice.feedback)
      // A written node's checks: its patterns, feedback, example reply and good and bad examples.
      const written = node.written
      if (!written) continue
      for (const text of [written.example, ...written.good, ...written.bad.map(b => b.text)]) secrets.add(text)
      for (const move of written.expect) {
        secrets.add(move.found)
        secrets.add(move.missing)
        for (const pattern of move.patterns) secrets.add(pattern)
      }
    }
  }
  return { secrets: [...secrets].filter(s => s.length > 30), library }
}

describe('answer keys and scores stay on the server', () => {
  let server: TestServer
  const { secrets, library } = secretSentences()

  beforeAll(async () => {
    server = await startServer()
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('has quizzes and scenarios to protect', () => {
    expect(library.quizzes.size).toBeGreaterThan(0)
    expect(library.scenarios.size).toBeGreaterThan(0)
    expect(secrets.length).toBeGreaterThan(20)
  })

  it('ships no file to the browser that holds an explanation or feedback', () => {
    const files = readTree('.output/public')
    expect(files.size).toBeGreaterThan(0)
    for (const [file, text] of files) {
      for (const secret of secrets) expect(text.includes(secret), `${file} contains "${secret}"`).toBe(false)
    }
    expect([...files.keys()].filter(f => f.includes('sql_dump'))).toEqual([])
  })

  it('refuses every content route and the course API to a signed-out visitor', async () => {
    for (const path of [
      '/__nuxt_content/lessons/sql_dump.txt',
      '/__nuxt_content/courses/sql_dump.txt',
      '/api/courses',
      '/api/courses/soft-skills',
    ]) {
      const res = await server.fetch(path)
      expect(res.status, path).toBe(401)
    }
    const query = await server.fetch('/__nuxt_content/lessons/query', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql: 'SELECT * FROM _content_lessons' }),
    })
    expect([401, 403]).toContain(query.status)
  })
})
