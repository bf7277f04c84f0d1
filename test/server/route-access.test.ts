import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../shared/schemas/accounts'
import { createPeople, signIn, type SignedIn } from '../support/accounts'
import { ROUTE_RULES } from '../support/routes'
import { startServer, type TestServer } from '../support/server'

// Deny by default, proven route by route: every API file has a rule naming who may
// call it, and every role (and a signed-out caller) is tried against every route.

function apiRoutes(dir = 'server/api'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) return apiRoutes(full)
    const match = /^(.*)\.(get|post|put|patch|delete)\.ts$/.exec(relative('server/api', full))
    if (!match) return [`unrecognised route file ${full}`]
    return [`${match[2]!.toUpperCase()} /api/${match[1]!.replace(/\/index$|^index$/, '')}`.replace(/\/$/, '')]
  })
}

describe('route access by role', () => {
  let server: TestServer
  const callers = new Map<Role, SignedIn>()

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, ROLES.map(role => ({ email: `${role}@access.test`, role })))
    for (const role of ROLES) callers.set(role, await signIn(server, `${role}@access.test`))
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('has a rule for every route file and no rule without one', () => {
    const files = apiRoutes().sort()
    const ruled = ROUTE_RULES.map(r => `${r.method} ${r.route}`).sort()
    expect(files).toEqual(ruled)
  })

  it('refuses a signed-out caller on every route that is not public', async () => {
    for (const rule of ROUTE_RULES) {
      const res = await server.fetch(rule.url, { method: rule.method, headers: { 'content-type': 'application/json' }, body: rule.method === 'GET' ? undefined : '{}' })
      await res.body?.cancel()
      if (rule.roles === 'public') expect(res.status, `${rule.method} ${rule.url}`).not.toBe(401)
      else expect(res.status, `${rule.method} ${rule.url} signed out`).toBe(401)
    }
  })

  for (const role of ROLES) {
    it(`lets ${role} through exactly the routes that name ${role}`, async () => {
      const caller = callers.get(role)!
      for (const rule of ROUTE_RULES) {
        if (rule.url === '/api/auth/sign-out') continue
        const res = await caller.fetch(rule.url, { method: rule.method, headers: { 'content-type': 'application/json' }, body: rule.method === 'GET' ? undefined : '{}' })
        await res.body?.cancel()
        const allowed = rule.roles === 'public' || rule.roles.includes(role)
        if (allowed) expect([401, 403], `${role} ${rule.method} ${rule.url} answered ${res.status}`).not.toContain(res.status)
        else expect([403, 404], `${role} ${rule.method} ${rule.url} answered ${res.status}`).toContain(res.status)
      }
    })
  }
})
