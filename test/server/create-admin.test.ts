import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn } from '../support/accounts'
import { startServer, type TestServer } from '../support/server'

// The command a real deployment runs once to create its first administrator.
describe('npm run create-admin', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startServer()
  })
  afterAll(async () => {
    await server?.stop()
  })

  const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, ['scripts/create-admin.ts', ...args], {
    env: { ...process.env, MONGODB_URI: server.databaseUri, ...env },
    encoding: 'utf8',
  })

  it('creates an administrator who can sign in and manage people', async () => {
    const result = run(['--email', 'First.Admin@Example.com', '--name', 'First Admin', '--department', 'Head office'], { RAPPORT_ADMIN_PASSWORD: 'a-strong-first-password' })
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('first.admin@example.com can now sign in as an administrator')
    const admin = await signIn(server, 'first.admin@example.com', 'a-strong-first-password')
    const me = await admin.json<{ role: string, department: string }>('/api/me')
    expect(me.body).toMatchObject({ role: 'admin', department: 'head-office' })
    expect((await admin.json('/api/users')).status).toBe(200)
  })

  it('refuses a second account with the same email, a short password and a missing database', () => {
    const again = run(['--email', 'first.admin@example.com', '--name', 'Again'], { RAPPORT_ADMIN_PASSWORD: 'a-strong-first-password' })
    expect(again.status).toBe(1)
    expect(again.stderr).toContain('someone already has the email first.admin@example.com')
    const short = run(['--email', 'other@example.com', '--name', 'Other'], { RAPPORT_ADMIN_PASSWORD: 'short' })
    expect(short.status).toBe(1)
    expect(short.stderr).toContain('the password must be 10 to 200 characters')
    const noDatabase = run(['--email', 'other@example.com', '--name', 'Other'], { MONGODB_URI: '' })
    expect(noDatabase.status).toBe(1)
    expect(noDatabase.stderr).toContain('set MONGODB_URI')
    const noPassword = run(['--email', 'other@example.com', '--name', 'Other'])
    expect(noPassword.status).toBe(1)
    expect(noPassword.stderr).toContain('set RAPPORT_ADMIN_PASSWORD')
  })
})
