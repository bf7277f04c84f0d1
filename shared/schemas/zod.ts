import { z } from 'zod'

// Every shared schema takes `z` from here, so this runs before any of them is built.
// Zod 4 compiles object schemas with `new Function` when it may, and finds out by trying once.
// The Content-Security-Policy forbids eval (no 'unsafe-eval' in script-src), so in the browser
// that probe is a policy violation Chrome reports as an issue (Lighthouse's best-practices audit
// "inspector-issues"), and the schemas would run interpreted anyway: saying so up front skips
// the probe. The server keeps the compiled schemas. Done here rather than in a client plugin,
// so Zod loads only with the pages that use a schema, not with every page.
if (import.meta.client) z.config({ jitless: true })

export { z }
