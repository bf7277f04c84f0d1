import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, openDatabase, signIn, type SignedIn, type TestPerson } from '../support/accounts'
import { answersFor, library, type AttemptView } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

// The content editor over HTTP against the built app. Files mode writes a temporary copy
// of content/ (CONTENT_WRITE=files, CONTENT_DIR), never the repository's; Git mode pushes
// to a bare repository this test creates with git itself (CONTENT_GIT_REMOTE).

const QUIZ = 'quizzes/soft-skills-quiz.yml'
const FIELD_ERROR = (body: unknown) => (body as { data?: { fields?: { field: string }[] } }).data?.fields?.map(f => f.field) ?? []

interface Opened { text: string, hash: string, change: string | null }
interface Saved { hash: string, change: string | null, commit: string | null, warnings: string[] }
interface HttpError { statusMessage: string, data?: { errors?: string[], fields?: { field: string, message: string }[] } }

const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_DIR: undefined } }).trim()

/** Every editor route, with a harmless body: who may call them is the point. */
const ROUTES: [string, string, unknown?][] = [
  ['GET', '/api/trainer/editor'],
  ['GET', `/api/trainer/editor/file?path=${QUIZ}`],
  ['GET', `/api/trainer/editor/template?path=${QUIZ}`],
  ['POST', '/api/trainer/editor/check', { path: QUIZ, text: 'id: x' }],
  ['PUT', '/api/trainer/editor/file', { path: QUIZ, text: 'id: x', baseHash: '000000000000' }],
  ['DELETE', '/api/trainer/editor/file', { path: QUIZ, baseHash: '000000000000' }],
  ['POST', '/api/trainer/editor/rename', { path: QUIZ, to: 'quizzes/other-quiz.yml', baseHash: '000000000000' }],
  ['DELETE', '/api/trainer/editor/changes/quizzes-soft-skills-quiz'],
]

describe('content editor, files mode', () => {
  let server: TestServer
  let dir: string
  let trainer: SignedIn
  let admin: SignedIn
  let staff: SignedIn
  let hr: SignedIn
  const repositoryQuiz = readFileSync(`content/${QUIZ}`, 'utf8')

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rapport-content-'))
    cpSync('content', dir, { recursive: true })
    symlinkSync('/etc/hostname', join(dir, 'quizzes', 'linked-quiz.yml'))
    server = await startServer({ env: { CONTENT_WRITE: 'files', CONTENT_DIR: dir } })
    await createPeople(server.databaseUri, [
      { email: 'trainer@editor.test', role: 'trainer', name: 'Tess Trainer' },
      { email: 'admin@editor.test', role: 'admin' },
      { email: 'staff@editor.test', role: 'staff' },
      { email: 'hr@editor.test', role: 'hr' },
    ])
    trainer = await signIn(server, 'trainer@editor.test')
    admin = await signIn(server, 'admin@editor.test')
    staff = await signIn(server, 'staff@editor.test')
    hr = await signIn(server, 'hr@editor.test')
  })
  afterAll(async () => {
    await server?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('refuses signed-out callers (401), staff and HR (403) on every editor route, and writes nothing', async () => {
    for (const [method, url, body] of ROUTES) {
      const init = { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }
      expect((await server.fetch(url, init)).status, `${method} ${url} signed out`).toBe(401)
      expect((await staff.fetch(url, init)).status, `${method} ${url} as staff`).toBe(403)
      expect((await hr.fetch(url, init)).status, `${method} ${url} as HR`).toBe(403)
    }
    expect(readFileSync(join(dir, QUIZ), 'utf8')).toBe(repositoryQuiz)
  })

  it('refuses the editor pages to staff and HR as well', async () => {
    for (const caller of [staff, hr]) {
      const res = await caller.fetch(`/trainer?edit=${QUIZ}`)
      expect(res.status).toBe(302)
      expect(res.headers.get('location')).not.toContain('/trainer')
    }
  })

  it('lists every file by folder with the checker\'s verdict, for trainers and admins', async () => {
    for (const caller of [trainer, admin]) {
      const { status, body } = await caller.json<{ mode: string, folders: { folder: string, files: { path: string, errors: number }[] }[] }>('/api/trainer/editor')
      expect(status).toBe(200)
      expect(body.mode).toBe('files')
      expect(body.folders.map(f => f.folder)).toEqual(['courses', 'lessons', 'quizzes', 'scenarios', 'paths'])
      const quizzes = body.folders.find(f => f.folder === 'quizzes')!.files
      expect(quizzes.find(f => f.path === QUIZ)).toMatchObject({ errors: 0 })
      expect(quizzes.map(f => f.path)).not.toContain('quizzes/linked-quiz.yml')
    }
  })

  it.each([
    ['../package.json', 'path'],
    ['quizzes/../../package.json', 'path'],
    ['/etc/passwd', 'path'],
    ['quizzes/x.json', 'path'],
    ['README.md', 'path'],
    ['quizzes/linked-quiz.yml', 'path'],
  ])('refuses to open %s, naming the field', async (path, field) => {
    const { status, body } = await trainer.json(`/api/trainer/editor/file?path=${encodeURIComponent(path)}`)
    expect(status).toBe(400)
    expect(FIELD_ERROR(body)).toContain(field)
  })

  it('refuses to write outside the content folders, through a link, or with another extension, and writes nothing', async () => {
    const attempts: [unknown, string][] = [
      [{ path: '../escape.yml', text: 'id: escape', baseHash: null }, 'path'],
      [{ path: '/tmp/escape.yml', text: 'id: escape', baseHash: null }, 'path'],
      [{ path: 'quizzes/escape.js', text: 'id: escape', baseHash: null }, 'path'],
      [{ path: 'quizzes/linked-quiz.yml', text: 'id: linked-quiz', baseHash: null }, 'path'],
    ]
    for (const [body, field] of attempts) {
      const res = await trainer.json('/api/trainer/editor/file', { method: 'PUT', body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(FIELD_ERROR(res.body)).toContain(field)
    }
    const rename = await trainer.json('/api/trainer/editor/rename', { method: 'POST', body: { path: QUIZ, to: '../../escape.yml', baseHash: '000000000000' } })
    expect(rename.status).toBe(400)
    expect(FIELD_ERROR(rename.body)).toContain('to')
    expect(existsSync(join(dir, '..', 'escape.yml'))).toBe(false)
    expect(readFileSync('/etc/hostname', 'utf8')).not.toContain('linked-quiz')
  })

  it('refuses a body of more than a few hundred KB', async () => {
    const res = await trainer.json('/api/trainer/editor/file', { method: 'PUT', body: { path: QUIZ, text: 'x'.repeat(700_000), baseHash: '000000000000' } })
    expect([400, 413]).toContain(res.status)
    expect(readFileSync(join(dir, QUIZ), 'utf8')).toBe(repositoryQuiz)
  })

  it('refuses a save the checker rejects with the checker\'s message, and writes nothing', async () => {
    const opened = (await trainer.json<Opened>(`/api/trainer/editor/file?path=${QUIZ}`)).body
    expect(opened.text).toBe(repositoryQuiz)
    const broken = opened.text.replace(/^passMark: .*$/m, 'passMark: 500')
    const res = await trainer.json<HttpError>('/api/trainer/editor/file', { method: 'PUT', body: { path: QUIZ, text: broken, baseHash: opened.hash } })
    expect(res.status).toBe(422)
    expect(res.body.data?.errors).toContainEqual(expect.stringMatching(/^content\/quizzes\/soft-skills-quiz\.yml: passMark: /))
    expect(res.body.statusMessage).toContain('content/quizzes/soft-skills-quiz.yml: passMark:')
    expect(readFileSync(join(dir, QUIZ), 'utf8')).toBe(repositoryQuiz)
  })

  it('shows a draft\'s findings at their line and previews the draft without saving it', async () => {
    const opened = (await trainer.json<Opened>(`/api/trainer/editor/file?path=${QUIZ}`)).body
    const lines = opened.text.split('\n')
    const passMarkLine = lines.findIndex(l => l.startsWith('passMark:')) + 1
    const draft = opened.text.replace(/^passMark: .*$/m, 'passMark: 500').replace(/^title: .*$/m, 'title: Draft title for the preview')
    const { status, body } = await trainer.json<{ findings: { field: string, line: number, severity: string }[], preview: { kind: string, quiz: { title: string }, questions: { correctAnswer: unknown }[] } }>('/api/trainer/editor/check', { method: 'POST', body: { path: QUIZ, text: draft } })
    expect(status).toBe(200)
    expect(body.findings).toContainEqual(expect.objectContaining({ field: 'passMark', line: passMarkLine, severity: 'error' }))
    const fixed = await trainer.json<typeof body>('/api/trainer/editor/check', { method: 'POST', body: { path: QUIZ, text: opened.text.replace(/^title: .*$/m, 'title: Draft title for the preview') } })
    expect(fixed.body.findings.filter(f => f.severity === 'error')).toEqual([])
    expect(fixed.body.preview.kind).toBe('quiz')
    expect(fixed.body.preview.quiz.title).toBe('Draft title for the preview')
    expect(readFileSync(join(dir, QUIZ), 'utf8')).toBe(repositoryQuiz)
    // The draft is not what learners or the trainer overview get.
    const overview = (await trainer.json<{ quizzes: { id: string, title: string }[] }>('/api/trainer/content')).body
    expect(overview.quizzes.find(q => q.id === 'soft-skills-quiz')!.title).not.toBe('Draft title for the preview')
  })

  it('measures the draft\'s validity for the preview: a quiz\'s guessing pass rate, a role-play\'s random clicking and test-wise strategies', { timeout: 90_000 }, async () => {
    type Figures = { guessPass?: number, randomPass?: number, randomPassFraction?: string, passingStrategies?: string[], routes?: number }
    type Checked = { findings: { field: string, severity: string, message: string }[], preview: { kind: string, validity: Figures | null } }
    const overview = (await trainer.json<{ quizzes: { id: string, validity: Figures }[], scenarios: { id: string, validity: Figures }[] }>('/api/trainer/content')).body

    const quiz = (await trainer.json<Opened>(`/api/trainer/editor/file?path=${QUIZ}`)).body.text
    const asIs = (await trainer.json<Checked>('/api/trainer/editor/check', { method: 'POST', body: { path: QUIZ, text: quiz } })).body
    expect(asIs.preview.validity).toEqual(overview.quizzes.find(q => q.id === 'soft-skills-quiz')!.validity)
    const lenient = (await trainer.json<Checked>('/api/trainer/editor/check', { method: 'POST', body: { path: QUIZ, text: quiz.replace(/^passMark: .*$/m, 'passMark: 10') } })).body
    expect(lenient.preview.validity!.guessPass).toBeGreaterThan(0.05)
    expect(lenient.preview.validity!.guessPass).toBeGreaterThan(asIs.preview.validity!.guessPass!)
    expect(lenient.findings).toContainEqual(expect.objectContaining({ field: 'passMark', severity: 'error' }))

    const SCENARIO = 'scenarios/angry-caller-phone.yml'
    const scenario = (await trainer.json<Opened>(`/api/trainer/editor/file?path=${SCENARIO}`)).body.text
    const played = (await trainer.json<Checked>('/api/trainer/editor/check', { method: 'POST', body: { path: SCENARIO, text: scenario } })).body
    expect(played.preview.kind).toBe('scenario')
    expect(played.preview.validity).toEqual(overview.scenarios.find(s => s.id === 'angry-caller-phone')!.validity)
    expect(played.preview.validity!.passingStrategies).toEqual([])
    // Thresholds of nothing (every skill at 0): random clicking passes far more often, and the checker says so in the same figures.
    const free = scenario.replace(/^passThresholds:\n(?: {2}.*\n)+/m, block => block.replace(/: \d+$/gm, ': 0'))
    const gameable = (await trainer.json<Checked>('/api/trainer/editor/check', { method: 'POST', body: { path: SCENARIO, text: free } })).body
    const figures = gameable.preview.validity!
    expect(figures.routes).toBe(played.preview.validity!.routes)
    expect(figures.randomPass).toBeGreaterThan(0.1)
    expect(figures.randomPass).toBeGreaterThan(played.preview.validity!.randomPass!)
    const [n, d] = figures.randomPassFraction!.split('/').map(Number)
    expect(figures.randomPass).toBeCloseTo(n! / d!, 6)
    expect(gameable.findings.map(f => f.message)).toContainEqual(expect.stringContaining(`random clicking passes`))
    expect(gameable.findings.map(f => f.message)).toContainEqual(expect.stringContaining(`(${figures.randomPassFraction})`))
    // The strategies listed are exactly those the checker's findings name.
    const named = ['longest', 'shortest', 'first', 'last'].filter(s => gameable.findings.some(f => f.message.includes(`passed by always the ${s} reply`)))
    expect(named.length).toBeGreaterThan(0)
    expect(figures.passingStrategies).toEqual(named)
    expect(readFileSync(join(dir, SCENARIO), 'utf8')).toBe(scenario)
  })

  it('renders a lesson draft\'s Markdown on the server for the preview', async () => {
    const path = 'lessons/soft-skills/09-a-draft.md'
    const template = (await trainer.json<{ text: string }>(`/api/trainer/editor/template?path=${path}`)).body.text
    const draft = template.replace(/^order: .*$/m, 'order: 99').replace('## Why the opening matters', '## A heading typed just now')
    const { body } = await trainer.json<{ findings: unknown[], preview: { kind: string, lesson: { title: string } | null, body: { toc: { links: { text: string }[] } } } }>('/api/trainer/editor/check', { method: 'POST', body: { path, text: draft } })
    expect(body.preview.kind).toBe('lesson')
    expect(body.preview.lesson?.title).toBe('The first ten seconds')
    expect(body.preview.body.toc.links.map(l => l.text)).toContain('A heading typed just now')
    expect(existsSync(join(dir, path))).toBe(false)
  })

  it('saves an accepted edit byte for byte, the app uses it at once, and the audit log has it', async () => {
    const opened = (await trainer.json<Opened>(`/api/trainer/editor/file?path=${QUIZ}`)).body
    const text = opened.text.replace(/^title: .*$/m, 'title: "Soft skills quiz — edited in the browser"  ') + '# a trailing comment, kept\n'
    const res = await trainer.json<Saved>('/api/trainer/editor/file', { method: 'PUT', body: { path: QUIZ, text, baseHash: opened.hash } })
    expect(res.status).toBe(200)
    expect(readFileSync(join(dir, QUIZ), 'utf8')).toBe(text)
    expect(readFileSync(`content/${QUIZ}`, 'utf8')).toBe(repositoryQuiz)
    const overview = (await trainer.json<{ quizzes: { id: string, title: string }[] }>('/api/trainer/content')).body
    expect(overview.quizzes.find(q => q.id === 'soft-skills-quiz')!.title).toBe('Soft skills quiz — edited in the browser')

    // A second save from the text opened before the first one is a conflict, not an overwrite.
    const stale = await trainer.json<HttpError>('/api/trainer/editor/file', { method: 'PUT', body: { path: QUIZ, text: opened.text, baseHash: opened.hash } })
    expect(stale.status).toBe(409)
    expect(readFileSync(join(dir, QUIZ), 'utf8')).toBe(text)

    const db = await openDatabase(server.databaseUri)
    try {
      const events = await db.collection('auditevents').find({ action: 'content.save' }).toArray()
      expect(events.map(e => e.target)).toContain(`content/${QUIZ}`)
    }
    finally {
      await db.close()
    }
  })

  it('creates a file from the guide\'s template, renames it and deletes it, each in the audit log', async () => {
    const path = 'courses/handling-returns.yml'
    const template = (await trainer.json<{ text: string }>(`/api/trainer/editor/template?path=${path}`)).body.text
    expect(template).toMatch(/^slug: handling-returns$/m)
    const created = await trainer.json<Saved>('/api/trainer/editor/file', { method: 'PUT', body: { path, text: template, baseHash: null } })
    expect(created.status).toBe(200)
    expect(readFileSync(join(dir, path), 'utf8')).toBe(template)
    const again = await trainer.json('/api/trainer/editor/file', { method: 'PUT', body: { path, text: template, baseHash: null } })
    expect(again.status).toBe(409)

    // The slug must match the file name, so renaming the file alone is refused by the checker.
    const refused = await trainer.json<HttpError>('/api/trainer/editor/rename', { method: 'POST', body: { path, to: 'courses/returns.yml', baseHash: created.body.hash } })
    expect(refused.status).toBe(422)
    expect(refused.body.data?.errors?.[0]).toMatch(/^content\/courses\/returns\.yml: slug: /)
    expect(existsSync(join(dir, path))).toBe(true)

    const deleted = await trainer.json('/api/trainer/editor/file', { method: 'DELETE', body: { path, baseHash: created.body.hash } })
    expect(deleted.status).toBe(200)
    expect(existsSync(join(dir, path))).toBe(false)

    // A quiz that a path requires cannot be deleted: the checker names the path.
    const quiz = (await trainer.json<Opened>('/api/trainer/editor/file?path=quizzes/service-principles-quiz.yml')).body
    const required = await trainer.json<HttpError>('/api/trainer/editor/file', { method: 'DELETE', body: { path: 'quizzes/service-principles-quiz.yml', baseHash: quiz.hash } })
    expect(required.status).toBe(422)
    expect(required.body.data?.errors?.join('\n')).toMatch(/content\/paths\/.*requires\.quizzes/)

    const db = await openDatabase(server.databaseUri)
    try {
      const actions = (await db.collection('auditevents').find({ target: `content/${path}` }).toArray()).map(e => e.action)
      expect(actions).toEqual(expect.arrayContaining(['content.save', 'content.delete']))
    }
    finally {
      await db.close()
    }
  })

  it('grades an attempt against the pass mark it was started under, whatever an edit does meanwhile', async () => {
    const quizId = 'soft-skills-quiz'
    const before = library.quizzes.get(quizId)!.definition.passMark
    const started = (await staff.json<AttemptView>(`/api/quizzes/${quizId}/attempts`, { method: 'POST' })).body
    // All right but one: a score at or above the old pass mark and below the new one.
    const answers = answersFor(quizId, started, i => i !== 0)
    const score = Math.round(((started.questions.length - 1) / started.questions.length) * 100)
    const raised = score + 1
    expect(score).toBeGreaterThanOrEqual(before)
    const opened = (await trainer.json<Opened>(`/api/trainer/editor/file?path=${QUIZ}`)).body
    const saved = await trainer.json<Saved>('/api/trainer/editor/file', { method: 'PUT', body: { path: QUIZ, text: opened.text.replace(/^passMark: .*$/m, `passMark: ${raised}`), baseHash: opened.hash } })
    expect(saved.status).toBe(200)
    expect((await staff.json<{ quiz: { passMark: number } }>(`/api/quizzes/${quizId}`)).body.quiz.passMark).toBe(raised)
    await staff.json(`/api/quiz-attempts/${started.id}/answers`, { method: 'PUT', body: { answers } })
    const graded = (await staff.json<AttemptView & { quiz: { passMark: number } }>(`/api/quiz-attempts/${started.id}/submit`, { method: 'POST' })).body
    expect(graded.result).toMatchObject({ score, passed: true })
    expect(graded.quiz.passMark).toBe(before)
    // Restore the file for the tests below.
    const now = (await trainer.json<Opened>(`/api/trainer/editor/file?path=${QUIZ}`)).body
    expect((await trainer.json('/api/trainer/editor/file', { method: 'PUT', body: { path: QUIZ, text: opened.text, baseHash: now.hash } })).status).toBe(200)
  })

  it('leaves a folder that npm run content:check accepts after every save, rename and delete above', () => {
    const out = execFileSync(process.execPath, ['scripts/content-check.ts', dir], { encoding: 'utf8' })
    expect(out).toContain('content OK')
  })
})

describe('content editor, Git mode', () => {
  let server: TestServer
  let root: string
  let remote: string
  let trainer: SignedIn
  let other: SignedIn
  let people: TestPerson[]
  const original = readFileSync(`content/${QUIZ}`, 'utf8')

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rapport-git-'))
    remote = join(root, 'remote.git')
    git(root, 'init', '--bare', '--quiet', '--initial-branch=main', remote)
    const seed = join(root, 'seed')
    git(root, 'init', '--quiet', '--initial-branch=main', seed)
    cpSync('content', join(seed, 'content'), { recursive: true })
    writeFileSync(join(seed, 'README.md'), 'The content repository of a test.\n')
    git(seed, 'add', '-A')
    git(seed, '-c', 'user.name=Seed', '-c', 'user.email=seed@example.test', 'commit', '--quiet', '-m', 'Content as deployed')
    git(seed, 'push', '--quiet', remote, 'main')
    server = await startServer({ env: { CONTENT_GIT_REMOTE: remote, CONTENT_GIT_WORKDIR: join(root, 'working-copy') } })
    people = await createPeople(server.databaseUri, [
      { email: 'tess@editor.test', role: 'trainer', name: 'Tess Trainer' },
      { email: 'olu@editor.test', role: 'trainer', name: 'Olu Other' },
    ])
    trainer = await signIn(server, 'tess@editor.test')
    other = await signIn(server, 'olu@editor.test')
  })
  afterAll(async () => {
    await server?.stop()
    if (root) rmSync(root, { recursive: true, force: true })
  })

  let change: string

  it('commits a save to a new branch of the remote, authored by the trainer, with only that file changed byte for byte', async () => {
    const opened = (await trainer.json<Opened>(`/api/trainer/editor/file?path=${QUIZ}`)).body
    expect(opened.text).toBe(original)
    // Unusual bytes on purpose: a trailing space, a Windows line end and non-ASCII text.
    const text = opened.text.replace(/^title: .*$/m, 'title: Soft skills quiz – revised \r') + '# Revised in the browser: café \n'
    const res = await trainer.json<Saved>('/api/trainer/editor/file', { method: 'PUT', body: { path: QUIZ, text, baseHash: opened.hash } })
    expect(res.status).toBe(200)
    expect(res.body.change).toBe('quizzes-soft-skills-quiz')
    change = res.body.change!
    const branch = `content/${people[0]!.id}/${change}`
    expect(git(remote, 'rev-parse', branch)).toBe(res.body.commit)
    expect(git(remote, 'rev-list', '--count', `main..${branch}`)).toBe('1')
    expect(git(remote, 'rev-parse', `${branch}^`)).toBe(git(remote, 'rev-parse', 'main'))
    expect(git(remote, 'log', '-1', '--format=%an <%ae>', branch)).toBe('Tess Trainer <tess@editor.test>')
    expect(git(remote, 'diff', '--name-only', 'main', branch)).toBe(`content/${QUIZ}`)
    expect(execFileSync('git', ['--git-dir', remote, 'show', `${branch}:content/${QUIZ}`]).toString('utf8')).toBe(text)
    expect(git(remote, 'show', `main:content/${QUIZ}`)).toBe(original.trimEnd())

    const db = await openDatabase(server.databaseUri)
    try {
      const event = await db.collection('auditevents').findOne({ action: 'content.save', target: `content/${QUIZ}` })
      expect(event?.details).toMatchObject({ mode: 'git', branch, commit: res.body.commit })
    }
    finally {
      await db.close()
    }
  })

  it('shows the trainer the unpublished change and opens the file from it to resume', async () => {
    const workspace = (await trainer.json<{ mode: string, changes: { change: string, files: string[] }[] }>('/api/trainer/editor')).body
    expect(workspace.mode).toBe('git')
    expect(workspace.changes).toEqual([expect.objectContaining({ change, files: [QUIZ] })])
    const resumed = (await trainer.json<Opened>(`/api/trainer/editor/file?path=${QUIZ}`)).body
    expect(resumed.change).toBe(change)
    expect(resumed.text).toContain('revised')
    expect((await other.json<{ changes: unknown[] }>('/api/trainer/editor')).body.changes).toEqual([])
  })

  it('gives a second trainer changing the same file a conflict, and a stale save a conflict, never an overwrite', async () => {
    const opened = (await other.json<Opened>(`/api/trainer/editor/file?path=${QUIZ}`)).body
    expect(opened.change).toBeNull()
    const res = await other.json<HttpError>('/api/trainer/editor/file', { method: 'PUT', body: { path: QUIZ, text: `${opened.text}# mine\n`, baseHash: opened.hash } })
    expect(res.status).toBe(409)
    expect(res.body.statusMessage).toContain('Tess Trainer has an unpublished change')
    expect(git(remote, 'for-each-ref', '--format=%(refname)', `refs/heads/content/${people[1]!.id}`)).toBe('')

    const stale = await trainer.json<HttpError>('/api/trainer/editor/file', { method: 'PUT', body: { path: QUIZ, text: original, baseHash: opened.hash, change } })
    expect(stale.status).toBe(409)
    expect(git(remote, 'rev-list', '--count', `main..content/${people[0]!.id}/${change}`)).toBe('1')
  })

  it('lets the trainer discard the change: the branch is gone and the other trainer may edit', async () => {
    const res = await trainer.json(`/api/trainer/editor/changes/${change}`, { method: 'DELETE' })
    expect(res.status).toBe(200)
    expect(git(remote, 'for-each-ref', '--format=%(refname)', 'refs/heads/content/')).toBe('')
    const opened = (await other.json<Opened>(`/api/trainer/editor/file?path=${QUIZ}`)).body
    const saved = await other.json<Saved>('/api/trainer/editor/file', { method: 'PUT', body: { path: QUIZ, text: `${opened.text}# Olu's note\n`, baseHash: opened.hash } })
    expect(saved.status).toBe(200)
    expect(git(remote, 'log', '-1', '--format=%an', `content/${people[1]!.id}/${saved.body.change}`)).toBe('Olu Other')
  })
})

/** A stand-in for the GitHub or GitLab REST API on 127.0.0.1 that records what it was sent and answers as they do. */
interface ApiRequest { method: string, url: string, headers: Record<string, string | string[] | undefined>, body: Record<string, unknown> }
async function startForgeApi(provider: 'github' | 'gitlab') {
  const requests: ApiRequest[] = []
  const api = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => {
      raw += chunk
    })
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) as Record<string, unknown> : {}
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      const number = requests.length
      // GitHub: POST /repos/{owner}/{repo}/pulls → 201 { html_url }. GitLab: POST /projects/{id}/merge_requests → 201 { web_url }.
      const github = provider === 'github' && req.method === 'POST' && req.url === '/repos/acme/training-content/pulls'
      const gitlab = provider === 'gitlab' && req.method === 'POST' && req.url === '/projects/acme%2Ftraining-content/merge_requests'
      res.writeHead(github || gitlab ? 201 : 404, { 'content-type': 'application/json' })
      res.end(JSON.stringify(github
        ? { number, html_url: `https://github.example/acme/training-content/pull/${number}` }
        : gitlab ? { iid: number, web_url: `https://gitlab.example/acme/training-content/-/merge_requests/${number}` } : { message: 'Not Found' }))
    })
  })
  await new Promise<void>(done => api.listen(0, '127.0.0.1', done))
  const { port } = api.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise<void>(done => api.close(() => done())) }
}

describe.each(['github', 'gitlab'] as const)('content editor, Git mode opening a %s pull request', (provider) => {
  const TOKEN = `test-${provider}-token-0123456789`
  let server: TestServer
  let api: Awaited<ReturnType<typeof startForgeApi>>
  let root: string
  let trainer: SignedIn
  let person: TestPerson

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rapport-pr-'))
    const remote = join(root, 'remote.git')
    git(root, 'init', '--bare', '--quiet', '--initial-branch=main', remote)
    const seed = join(root, 'seed')
    git(root, 'init', '--quiet', '--initial-branch=main', seed)
    cpSync('content', join(seed, 'content'), { recursive: true })
    git(seed, 'add', '-A')
    git(seed, '-c', 'user.name=Seed', '-c', 'user.email=seed@example.test', 'commit', '--quiet', '-m', 'Content as deployed')
    git(seed, 'push', '--quiet', remote, 'main')
    api = await startForgeApi(provider)
    server = await startServer({
      env: {
        CONTENT_GIT_REMOTE: remote, CONTENT_GIT_WORKDIR: join(root, 'working-copy'),
        CONTENT_GIT_PROVIDER: provider, CONTENT_GIT_TOKEN: TOKEN, CONTENT_GIT_API_URL: api.url, CONTENT_GIT_REPOSITORY: 'acme/training-content',
      },
    })
    const created = await createPeople(server.databaseUri, [{ email: 'tess@pr.test', role: 'trainer', name: 'Tess Trainer' }])
    person = created[0]!
    trainer = await signIn(server, 'tess@pr.test')
  })
  afterAll(async () => {
    await server?.stop()
    await api?.close()
    if (root) rmSync(root, { recursive: true, force: true })
  })

  it('opens one pull request for the change branch with the token sent only to the API, and gives the trainer its link', { timeout: 120_000 }, async () => {
    const opened = (await trainer.json<Opened>(`/api/trainer/editor/file?path=${QUIZ}`)).body
    const res = await trainer.json<Saved & { pullRequest: string | null }>('/api/trainer/editor/file', { method: 'PUT', body: { path: QUIZ, text: `${opened.text}# First edit\n`, baseHash: opened.hash } })
    expect(res.status).toBe(200)
    const branch = `content/${person.id}/${res.body.change}`

    expect(api.requests).toHaveLength(1)
    const [request] = api.requests
    if (provider === 'github') {
      expect(request).toMatchObject({ method: 'POST', url: '/repos/acme/training-content/pulls' })
      expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`)
      expect(request!.body).toMatchObject({ head: branch, base: 'main', title: `Content: edit content/${QUIZ}` })
      expect(res.body.pullRequest).toBe('https://github.example/acme/training-content/pull/1')
    }
    else {
      expect(request).toMatchObject({ method: 'POST', url: '/projects/acme%2Ftraining-content/merge_requests' })
      expect(request!.headers['private-token']).toBe(TOKEN)
      expect(request!.body).toMatchObject({ source_branch: branch, target_branch: 'main', title: `Content: edit content/${QUIZ}` })
      expect(res.body.pullRequest).toBe('https://gitlab.example/acme/training-content/-/merge_requests/1')
    }
    expect(JSON.stringify(res.body)).not.toContain(TOKEN)

    // A second save goes to the same branch and the same pull request: no second request.
    const resumed = (await trainer.json<Opened>(`/api/trainer/editor/file?path=${QUIZ}`)).body
    const again = await trainer.json<Saved & { pullRequest: string | null }>('/api/trainer/editor/file', { method: 'PUT', body: { path: QUIZ, text: `${resumed.text}# Second edit\n`, baseHash: resumed.hash, change: resumed.change } })
    expect(again.status).toBe(200)
    expect(again.body.pullRequest).toBe(res.body.pullRequest)
    expect(api.requests).toHaveLength(1)

    // The workspace lists the unpublished change with its link; nothing the browser gets holds the token.
    const workspace = await trainer.fetch('/api/trainer/editor')
    const text = await workspace.text()
    expect(text).not.toContain(TOKEN)
    expect((JSON.parse(text) as { changes: { change: string, pullRequest: string | null }[] }).changes).toEqual([expect.objectContaining({ change: res.body.change, pullRequest: res.body.pullRequest })])
    const page = await (await trainer.fetch('/trainer?edit')).text()
    expect(page).not.toContain(TOKEN)

    const db = await openDatabase(server.databaseUri)
    try {
      const events = await db.collection('auditevents').find({ action: 'content.publish' }).toArray()
      expect(events.map(e => e.details)).toEqual([{ pullRequest: res.body.pullRequest }])
    }
    finally {
      await db.close()
    }
  })
})
