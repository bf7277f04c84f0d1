import mongoose from 'mongoose'
import type { Role } from '../../shared/schemas/accounts'
import { hashUserPassword } from '../../server/utils/password'
import type { TestServer } from './server'

export const TEST_PASSWORD = 'test-password-123'

export interface TestPerson { id: string, email: string, role: Role, name: string }

/** Opens the test file's own database directly, to arrange data and to recount. */
export async function openDatabase(uri: string) {
  return mongoose.createConnection(uri, { serverSelectionTimeoutMS: 3000 }).asPromise()
}

let passwordHash: Promise<string> | undefined

/** Writes departments and people straight into the database (hash computed once). */
export async function createPeople(uri: string, people: { email: string, role: Role, name?: string, department?: string, jobRole?: string, startDate?: Date, active?: boolean }[]) {
  const connection = await openDatabase(uri)
  try {
    const hash = await (passwordHash ??= hashUserPassword(TEST_PASSWORD))
    const departments = connection.collection('departments')
    const slugs = [...new Set(people.map(p => p.department ?? 'retail-floor'))]
    for (const slug of slugs) {
      await departments.updateOne({ slug }, { $setOnInsert: { slug, name: slug.replace(/-/g, ' ').replace(/\b\w/g, c => c.toUpperCase()) } }, { upsert: true })
    }
    const ids = new Map((await departments.find().toArray()).map(d => [d.slug as string, d._id]))
    const created: TestPerson[] = []
    for (const p of people) {
      const name = p.name ?? p.email.split('@')[0]!
      const { insertedId } = await connection.collection('users').insertOne({
        email: p.email.toLowerCase(),
        name,
        passwordHash: hash,
        role: p.role,
        department: ids.get(p.department ?? 'retail-floor'),
        jobRole: p.jobRole ?? 'Sales associate',
        startDate: p.startDate ?? new Date(Date.now() - 3 * 86_400_000),
        active: p.active ?? true,
        sessionVersion: 0,
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      // The sign-in lookup by email (server/models/user-email.ts), as the app's model hooks write it.
      await connection.collection('user_emails').updateOne({ _id: p.email.toLowerCase() } as never, { $set: { user: insertedId } }, { upsert: true })
      created.push({ id: String(insertedId), email: p.email.toLowerCase(), role: p.role, name })
    }
    return created
  }
  finally {
    await connection.close()
  }
}

/** A request whose body is any value, sent as JSON. */
export type JsonInit = Omit<RequestInit, 'body'> & { body?: unknown }

export interface SignedIn {
  fetch: (path: string, init?: RequestInit) => Promise<Response>
  json: <T = unknown>(path: string, init?: JsonInit) => Promise<{ status: number, body: T }>
  cookie: string
}

/** Signs in over HTTP and returns a fetch that carries the session cookie. */
export async function signIn(server: TestServer, email: string, password = TEST_PASSWORD): Promise<SignedIn> {
  const res = await server.fetch('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json', 'origin': server.url }, body: JSON.stringify({ email, password }) })
  if (res.status !== 200) throw new Error(`sign-in as ${email} answered ${res.status}: ${await res.text()}`)
  const cookie = res.headers.getSetCookie().map(c => c.split(';')[0]).join('; ')
  return withCookie(server, cookie)
}

/** A fetch with the session cookie that, like the app's pages, names its Origin (the server refuses a cookie-authenticated change without one). */
export function withCookie(server: TestServer, cookie: string): SignedIn {
  const doFetch = (path: string, init: RequestInit = {}) => server.fetch(path, { ...init, headers: { cookie, origin: server.url, ...init.headers } })
  return {
    cookie,
    fetch: doFetch,
    async json<T>(path: string, init: JsonInit = {}) {
      const body = init.body === undefined || typeof init.body === 'string' ? init.body : JSON.stringify(init.body)
      const res = await doFetch(path, { ...init, body: body as string | undefined, headers: { 'content-type': 'application/json', ...init.headers } })
      const text = await res.text()
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T }
    },
  }
}
