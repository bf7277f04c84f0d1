import { z } from 'zod'

// Zod 4 compiles object schemas with `new Function` when it may, and finds out by trying
// once. The Content-Security-Policy forbids eval (no 'unsafe-eval' in script-src), so in
// the browser that probe is a policy violation Chrome reports as an issue (Lighthouse's
// best-practices audit "inspector-issues"), and the schemas run interpreted anyway. Saying
// so up front skips the probe. The server keeps the compiled schemas.
export default defineNuxtPlugin({
  name: 'zod-jitless',
  enforce: 'pre',
  setup() {
    z.config({ jitless: true })
  },
})
