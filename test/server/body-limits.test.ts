import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, signIn, type SignedIn } from '../support/accounts'
import { startServer, type TestServer } from '../support/server'

// Request bodies are bounded whatever the transfer encoding (server/middleware/00.body-limit.ts):
// the server stops keeping a body at its route's limit and answers 413, and a client that
// keeps sending can still read that answer. The process's memory is read from /proc.

const MB = 1024 * 1024

/** The app's resident memory, in bytes. */
const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024

interface Sent { status: number, sent: number, body: string }

/**
 * POSTs `total` bytes with chunked transfer encoding over a plain socket, as fast as the
 * socket takes them, as an attacker's client would (Node's own HTTP client stops sending a
 * body once the answer has arrived). `stopOnAnswer`: stop sending once the answer starts to
 * arrive (as a browser would); otherwise send everything whatever the server says. A write
 * error or a closed connection after the answer has arrived is the server closing a
 * connection it has answered, and is not a failure.
 */
function sendChunked(url: string, path: string, total: number, options: { stopOnAnswer: boolean, headers?: Record<string, string> }): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url)
    const socket = connect(Number(port), hostname)
    let received = ''
    let sent = 0
    let written = false
    let settled = false
    const answer = () => {
      const head = received.indexOf('\r\n\r\n')
      if (head < 0) return undefined
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)![1])
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(received.slice(0, head))?.[1] ?? Number.NaN)
      const body = received.slice(head + 4)
      return Buffer.byteLength(body) >= length ? { status, body } : undefined
    }
    const settle = (error?: Error) => {
      if (settled) return
      const got = answer()
      if (!got && !error) return
      if (got && !written && !options.stopOnAnswer && !error) return
      settled = true
      clearTimeout(deadline)
      socket.destroy()
      if (got) resolve({ ...got, sent })
      else reject(error)
    }
    const deadline = setTimeout(() => settle(new Error(`no answer within 20 s; ${sent} bytes sent, received: ${received.slice(0, 200)}`)), 20_000)
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      received += chunk
      settle()
    })
    socket.on('error', (error) => {
      written = true
      settle(answer() ? undefined : error)
    })
    socket.on('close', () => {
      written = true
      settle(answer() ? undefined : new Error(`closed without an answer after ${sent} bytes`))
    })
    const headers = { 'host': `${hostname}:${port}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...options.headers }
    socket.write(`POST ${path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`)
    const data = Buffer.alloc(64 * 1024, 'a')
    const chunk = Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')])
    const pump = () => {
      while (sent < total && !(options.stopOnAnswer && received) && !socket.destroyed) {
        sent += data.length
        if (!socket.write(chunk)) return void socket.once('drain', pump)
      }
      if (!socket.destroyed) socket.write('0\r\n\r\n', () => {
        written = true
        settle()
      })
    }
    socket.once('connect', pump)
  })
}

/** Runs `work` while sampling the app's memory every 10 ms; returns the largest growth seen. */
async function peakGrowth(pid: number, work: () => Promise<unknown>) {
  const before = rss(pid)
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, rss(pid))), 10)
  try {
    await work()
  }
  finally {
    clearInterval(sampler)
  }
  peak = Math.max(peak, rss(pid))
  return { before, peak, grown: peak - before }
}

describe('request bodies bounded whatever the transfer encoding', () => {
  let server: TestServer
  let pid: number
  let admin: SignedIn

  beforeAll(async () => {
    server = await startServer()
    pid = server.pid
    await createPeople(server.databaseUri, [{ email: 'admin@limits.test', role: 'admin' }])
    admin = await signIn(server, 'admin@limits.test')
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('reads a small chunked sign-in body like any other', async () => {
    const body = JSON.stringify({ email: 'admin@limits.test', password: 'wrong-password' })
    const res = await server.fetch('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'origin': server.url },
      // A stream has no length, so fetch sends it chunked.
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(401)
  })

  it('answers 413 to a 50 MB chunked sign-in, and the process barely grows', async () => {
    // Warm up the route first, so the figure is the body's and not the first request's.
    await sendChunked(server.url, '/api/auth/sign-in', 64 * 1024, { stopOnAnswer: true })
    let result: Sent | undefined
    const memory = await peakGrowth(pid, async () => {
      result = await sendChunked(server.url, '/api/auth/sign-in', 50 * MB, { stopOnAnswer: false })
    })
    console.info(`[body limit] 50 MB chunked sign-in (kept sending): ${result!.status} after ${(result!.sent / MB).toFixed(1)} MB sent; RSS ${(memory.before / MB).toFixed(1)} MB, peak ${(memory.peak / MB).toFixed(1)} MB (+${(memory.grown / MB).toFixed(1)} MB)`)
    expect(result!.status).toBe(413)
    expect(JSON.parse(result!.body).statusMessage).toContain('4 KB')
    expect(memory.grown).toBeLessThan(6 * MB)
  })

  it('answers a client that stops sending once it has the 413', async () => {
    let result: Sent | undefined
    const memory = await peakGrowth(pid, async () => {
      result = await sendChunked(server.url, '/api/auth/sign-in', 50 * MB, { stopOnAnswer: true })
    })
    console.info(`[body limit] 50 MB chunked sign-in (stopped at the answer): ${result!.status} after ${(result!.sent / MB).toFixed(2)} MB sent; +${(memory.grown / MB).toFixed(1)} MB`)
    expect(result!.status).toBe(413)
    expect(result!.sent).toBeLessThan(50 * MB)
    expect(memory.grown).toBeLessThan(6 * MB)
    // The server still answers afterwards.
    expect((await server.fetch('/api/health')).status).toBe(200)
  })

  it('applies each route\'s limit to chunked bodies: 1 MB in general, 2 MB for the staff import', async () => {
    const big = (bytes: number) => new Blob([JSON.stringify({ csv: 'x'.repeat(bytes) })]).stream()
    const post = (path: string, bytes: number) => admin.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'origin': server.url },
      body: big(bytes),
      duplex: 'half',
    } as RequestInit)
    const general = await post('/api/departments', 1.5 * MB)
    expect(general.status).toBe(413)
    expect((await general.json()).statusMessage).toContain('1 MB')
    // Under the import's 2 MB the body reaches the route, whose schema says what is wrong.
    const importing = await post('/api/users/import', 1.5 * MB)
    expect(importing.status).toBe(400)
    expect((await post('/api/users/import', 2.5 * MB)).status).toBe(413)
  })

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const res = await server.fetch('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(8 * 1024) }) })
    expect(res.status).toBe(413)
  })
})
