import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { inlineScriptHashes } from '../../server/utils/csp'

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

describe('inlineScriptHashes', () => {
  it('hashes inline scripts and the import map, not external scripts or JSON data blocks', () => {
    const html = [
      '<script type="importmap">{"imports":{"#entry":"/_nuxt/a.js"}}</script>',
      '<script type="module" src="/_nuxt/a.js" crossorigin></script>',
      '<script>window.__NUXT__={}</script>',
      '<script type="application/json" id="__NUXT_DATA__">[1,2]</script>',
      '<script type="application/ld+json">{}</script>',
      '<script>window.__NUXT__={}</script>',
    ].join('')
    expect(inlineScriptHashes(html)).toEqual([sha('{"imports":{"#entry":"/_nuxt/a.js"}}'), sha('window.__NUXT__={}')])
  })

  it('finds nothing to hash in a page without inline scripts', () => {
    expect(inlineScriptHashes('<p>no scripts</p><script src="/x.js"></script>')).toEqual([])
  })
})
