// The Content-Security-Policy (nuxt-security, nuxt.config.ts) lets a page run its inline
// scripts only when the header names their SHA-256. Nuxt's inline script (the runtime config)
// is hashed here from the rendered HTML; nuxt-security adds `security.hashes.script` to
// script-src when it writes the header. A hash, unlike a per-request nonce, is a function of
// the HTML, so a page rendered once and sent to many readers (the lesson-page cache) keeps a
// header that matches it. Data blocks (type="application/json") never run and need no hash; the import map does.
// This plugin is registered before nuxt-security's (the module sorts its own plugins last),
// so its render:response hook runs before the header is written.

export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('render:response', (response, { event }) => {
    if (typeof response.body !== 'string') return
    const security = (event.context.security ??= {}) as { hashes?: { script: Set<string>, style: Set<string> } }
    security.hashes = { script: new Set(inlineScriptHashes(response.body)), style: new Set() }
  })
})
