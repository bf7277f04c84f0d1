import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'

// Vue renders an unknown tag as an empty element without failing the build or the
// type-check, so every PascalCase tag in a template must name a component we have.

const BUILT_IN = new Set(['NuxtLink', 'NuxtPage', 'NuxtLayout', 'NuxtRouteAnnouncer', 'NuxtLoadingIndicator', 'ClientOnly', 'ContentRenderer', 'Transition', 'TransitionGroup', 'KeepAlive', 'Teleport', 'Suspense'])

function vueFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? vueFiles(full) : name.endsWith('.vue') ? [full] : []
  })
}

describe('templates', () => {
  const components = new Set(vueFiles('components').map(f => basename(f, '.vue')))
  const files = [...vueFiles('components'), ...vueFiles('pages'), ...vueFiles('layouts'), 'app.vue']

  it('use only components that exist', () => {
    const unknown: string[] = []
    for (const file of files) {
      const source = readFileSync(file, 'utf8')
      const template = source.slice(source.indexOf('<template>'))
      const imported = new Set([...source.matchAll(/import\s+(?:\{([^}]*)\}|(\w+))\s+from/g)].flatMap(m => (m[1] ?? m[2]!).split(',').map(s => s.trim().split(/\s+as\s+/).at(-1)!)))
      for (const [, tag] of template.matchAll(/<([A-Z][A-Za-z0-9]+)/g)) {
        const name = tag!.replace(/^Lazy/, '')
        if (!components.has(name) && !BUILT_IN.has(name) && !imported.has(tag!)) unknown.push(`${file}: <${tag}>`)
      }
    }
    expect(unknown).toEqual([])
  })
})
