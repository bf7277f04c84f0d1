import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// Start-up creates the collections and indexes of the models listed in server/models/index.ts
// (server/utils/db-schema.ts); a model left out would again be created lazily, racing.
describe('the list of models', () => {
  it('names every model file', () => {
    const index = readFileSync('server/models/index.ts', 'utf8')
    const defining = readdirSync('server/models')
      .filter(f => f !== 'index.ts' && /mongoose\.model\(/.test(readFileSync(`server/models/${f}`, 'utf8')))
    expect(defining.length).toBeGreaterThan(10)
    for (const file of defining) {
      const source = readFileSync(`server/models/${file}`, 'utf8')
      const exported = [...source.matchAll(/^export const (\w+Model)\b/gm)].map(m => m[1]!)
      expect(exported.length, file).toBeGreaterThan(0)
      for (const name of exported) {
        expect(index, `${name} (${file})`).toMatch(new RegExp(`\\b${name}\\b[^]*\\ballModels\\b[^]*\\b${name}\\b`))
      }
    }
  })
})
