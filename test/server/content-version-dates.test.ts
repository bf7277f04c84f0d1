import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VersionLabel } from '../../shared/types/versions'
import { parseCsv } from '../../shared/utils/csv'
import { formatDateTime } from '../../shared/utils/format'
import { createPeople, openDatabase, signIn, type SignedIn } from '../support/accounts'
import { takeQuiz } from '../support/learning'
import { dropDatabase, startServer, throwawayDatabaseUri, type TestServer } from '../support/server'

// Content versions carry the date Rapport first saw them (server/domain/content/content-versions.ts):
// one `contentversions` document per item, a version added once by an _id-guarded insert or a
// conditional $push. Two built app processes share one database and one content folder (files
// mode, a temporary copy), on the MongoDB code paths (RAPPORT_DATABASE_ENGINE=mongodb), so
// nothing is shared through process memory. Also: the audit log's CSV times in the
// organisation's format and the reader's time zone.

const QUIZ_ID = 'soft-skills-quiz'
const QUIZ = 'quizzes/soft-skills-quiz.yml'

interface Labelled { version: string, label: VersionLabel }
interface Overview {
  courses: (Labelled & { slug: string })[]
  lessons: (Labelled & { course: string, slug: string })[]
  quizzes: (Labelled & { id: string })[]
  scenarios: (Labelled & { id: string })[]
  paths: (Labelled & { id: string })[]
}
interface Analysis { quiz: { version: string }, versions: (Labelled & { current: boolean, attempts: number })[] }
interface LogDoc { _id: string, versions: { version: string, firstSeen: Date }[] }

const databaseUri = throwawayDatabaseUri()
let dir: string
let a: TestServer
let b: TestServer
let trainerA: SignedIn
let trainerB: SignedIn
const env = () => ({ RAPPORT_DATABASE_ENGINE: 'mongodb', CONTENT_WRITE: 'files', CONTENT_DIR: dir })

async function logs(): Promise<LogDoc[]> {
  const db = await openDatabase(databaseUri)
  try {
    return await db.collection<LogDoc>('contentversions').find({}).toArray()
  }
  finally {
    await db.close()
  }
}
const itemsOf = (o: Overview) => [...o.courses, ...o.lessons, ...o.quizzes, ...o.scenarios, ...o.paths]

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-versions-'))
  cpSync('content', dir, { recursive: true })
  ;[a, b] = await Promise.all([startServer({ databaseUri, env: env() }), startServer({ databaseUri, env: env() })])
  await createPeople(databaseUri, [
    { email: 'trainer@versions.test', role: 'trainer' },
    { email: 'admin@versions.test', role: 'admin' },
    { email: 'learner@versions.test', role: 'staff' },
  ])
  trainerA = await signIn(a, 'trainer@versions.test')
  trainerB = await signIn(b, 'trainer@versions.test')
}, 120_000)
afterAll(async () => {
  await b?.stop()
  await a?.stop()
  await dropDatabase(databaseUri)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('content version dates', () => {
  it('dates every item\'s version once, however many requests on two processes see it first at the same moment', async () => {
    const before = Date.now()
    const answers = await Promise.all([...Array(4)].flatMap(() => [trainerA, trainerB].map(t => t.json<Overview>('/api/trainer/content'))))
    for (const res of answers) expect(res.status).toBe(200)
    const first = answers[0]!.body
    const items = itemsOf(first)
    expect(items.length).toBeGreaterThan(20)
    for (const item of items) {
      expect(item.label.ordinal, `${item.version}`).toBe(1)
      expect(new Date(item.label.firstSeen!).getTime()).toBeGreaterThanOrEqual(before - 60_000)
    }
    // Every answer, from either process, shows the same stored date.
    for (const res of answers) expect(itemsOf(res.body).map(i => i.label)).toEqual(items.map(i => i.label))

    const stored = await logs()
    expect(stored).toHaveLength(items.length)
    for (const doc of stored) expect(doc.versions, doc._id).toHaveLength(1)
    const quiz = stored.find(d => d._id === `quiz:${QUIZ_ID}`)!
    expect(quiz.versions[0]!.version).toBe(first.quizzes.find(q => q.id === QUIZ_ID)!.version)
  })

  it('gives an edited quiz a new, later-dated version 2, the first keeps its date, and another process adds no second entry', async () => {
    // A learner takes version 1, so the analysis lists both versions after the edit.
    const learner = await signIn(a, 'learner@versions.test')
    await takeQuiz(learner, QUIZ_ID)
    const [original] = (await logs()).find(d => d._id === `quiz:${QUIZ_ID}`)!.versions
    await new Promise(r => setTimeout(r, 1100))

    const opened = (await trainerA.json<{ text: string, hash: string }>(`/api/trainer/editor/file?path=${QUIZ}`)).body
    const text = opened.text.replace(/^title: .*$/m, 'title: Soft skills quiz, second edition')
    expect((await trainerA.json('/api/trainer/editor/file', { method: 'PUT', body: { path: QUIZ, text, baseHash: opened.hash } })).status).toBe(200)

    const quizOn = async (t: SignedIn) => (await t.json<Overview>('/api/trainer/content')).body.quizzes.find(q => q.id === QUIZ_ID)!
    const edited = await quizOn(trainerA)
    expect(edited.version).not.toBe(original!.version)
    expect(edited.label.ordinal).toBe(2)
    expect(new Date(edited.label.firstSeen!).getTime()).toBeGreaterThan(original!.firstSeen.getTime())

    const analysis = (await trainerA.json<Analysis>(`/api/trainer/quizzes/${QUIZ_ID}`)).body
    const byVersion = new Map(analysis.versions.map(v => [v.version, v]))
    expect(byVersion.get(original!.version)!.label).toEqual({ version: original!.version, ordinal: 1, firstSeen: original!.firstSeen.toISOString() })
    expect(byVersion.get(original!.version)!.attempts).toBe(1)
    expect(byVersion.get(edited.version)!.label.ordinal).toBe(2)
    expect(byVersion.get(edited.version)!.current).toBe(true)

    // The review queue and the attempt's review page name the version the learner took.
    type QueueAttempt = { id: string, quiz: { id: string }, currentVersion: boolean, earlierVersion: VersionLabel | null }
    const queue = (await trainerA.json<{ attempts: QueueAttempt[] }>('/api/trainer/review?kind=quiz')).body
    const taken = queue.attempts.find(x => x.quiz.id === QUIZ_ID)!
    expect(taken).toMatchObject({ currentVersion: false, earlierVersion: { version: original!.version, ordinal: 1, firstSeen: original!.firstSeen.toISOString() } })
    expect((await trainerA.json<{ earlierVersion: VersionLabel | null }>(`/api/trainer/quiz-attempts/${taken.id}`)).body.earlierVersion).toEqual(taken.earlierVersion)

    // The other process loads the folder afresh after a restart: it finds version 2 recorded.
    await b.stop()
    b = await startServer({ databaseUri, env: env() })
    trainerB = await signIn(b, 'trainer@versions.test')
    expect((await quizOn(trainerB)).label).toEqual(edited.label)
    const versions = (await logs()).find(d => d._id === `quiz:${QUIZ_ID}`)!.versions
    expect(versions.map(v => v.version)).toEqual([original!.version, edited.version])
    expect(versions[0]!.firstSeen).toEqual(original!.firstSeen)
  }, 90_000)
})

describe('audit log CSV times', () => {
  it('writes each time in the organisation\'s format in the reader\'s time zone, beside the ISO time', async () => {
    const admin = await signIn(a, 'admin@versions.test')
    const csv = parseCsv(await admin.fetch('/api/audit.csv?tz=Asia/Kolkata').then(r => r.text()))
    const [header, ...rows] = csv
    expect(header!.slice(0, 2)).toEqual(['When', 'When (ISO 8601, UTC)'])
    expect(rows.length).toBeGreaterThan(0) // the quiz edit above is audited
    for (const row of rows) {
      expect(row[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
      expect(row[0]).toBe(formatDateTime(row[1]!, { timeZone: 'Asia/Kolkata' }))
      expect(row[0]).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} GMT\+5:30$/)
    }
    const utc = parseCsv(await admin.fetch('/api/audit.csv').then(r => r.text()))
    expect(utc[1]![0]).toBe(formatDateTime(utc[1]![1]!, { timeZone: 'UTC' }))
    expect(utc[1]![0]).toMatch(/ UTC$/)

    const bad = await admin.json<{ data: { fields: { field: string }[] } }>('/api/audit.csv?tz=Mars/Olympus')
    expect(bad.status).toBe(400)
    expect(bad.body.data.fields.map(f => f.field)).toEqual(['tz'])
  })
})
