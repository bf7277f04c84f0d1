import type { H3Event } from 'h3'
import { createRouter, toRouteMatcher } from 'radix3'

// nuxt-security resolves its rules (headers, CSP, which features are on) for every request:
// a `structuredClone` of all its options and a new router, about 0.1 ms of CPU each time
// (bench/README.md), the same result for every path that the same route rules match. The
// module keeps the result on `event.context.security.rules` and uses one found there. So the
// rules are resolved by the module once per set of matching route rules, kept frozen, and
// each later request of that set is given its own copy of the two levels the module changes
// on a rendered page (it replaces `headers.contentSecurityPolicy` with the page's hashed
// policy); anything changing the kept copy deeper would throw rather than leak into another
// response. server/plugins/security-rules.ts hands them out before the module's own request
// hook runs; server/middleware/00.security-rules.ts keeps the module's result on a miss.

type Rules = Record<string, unknown> & { headers?: Record<string, unknown> | false }
interface SecurityContext { rules?: Rules, rulesKey?: string }

const kept = new Map<string, Rules>()
let matcher: ReturnType<typeof toRouteMatcher> | undefined

/** Which route rules match the path: the module's rules depend on nothing else. */
function routeSetOf(path: string) {
  if (!matcher) {
    const patterns = new Set(['/**', ...Object.keys(useRuntimeConfig().nitro?.routeRules ?? {})])
    matcher = toRouteMatcher(createRouter({ routes: Object.fromEntries([...patterns].map(p => [p, { pattern: p }])) }))
  }
  return (matcher.matchAll(path) as { pattern: string }[]).map(m => m.pattern).sort().join('\n')
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

/** Gives the request the rules kept for its route set, if any (from the `request` hook). */
export function giveKeptSecurityRules(event: H3Event) {
  const security = (event.context.security ??= {}) as SecurityContext
  if (security.rules) return
  const key = routeSetOf(event.path.split('?')[0] || '/')
  const rules = kept.get(key)
  if (!rules) {
    security.rulesKey = key
    return
  }
  security.rules = { ...rules, headers: rules.headers ? { ...rules.headers } : rules.headers }
}

/** Keeps the rules the module resolved for this request's route set, before anything renders. */
export function keepSecurityRules(event: H3Event) {
  const security = event.context.security as SecurityContext | undefined
  if (!security?.rulesKey || !security.rules || kept.has(security.rulesKey)) return
  kept.set(security.rulesKey, deepFreeze(structuredClone(security.rules)))
}
