import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Types } from 'mongoose'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, openDatabase, signIn, type SignedIn, type TestPerson } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot } from '../support/browser'
import { answersFor, library, playScenario, readLesson, takeQuiz, type AttemptView } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

// The axe scan of every page, for every role and signed out, at desktop width and at 390 px:
// each page is loaded once, scanned, narrowed to a phone's width and scanned again. It includes
// the states a first load never shows: a quiz in progress and its review screen, a role-play
// mid-conversation (a chosen reply and a written one), results, the import preview. Any
// violation of impact serious or critical fails, listed by rule, impact, target and page.

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

const QUIZ = [...library.quizzes.values()].map(q => q.definition).find(q => (q.poolSize ?? q.questions.length) >= 3)!
/** The quiz the learner has already failed once (the browser takes QUIZ, which has no cooldown running). */
const FAILED = [...library.quizzes.values()].map(q => q.definition).find(q => q.id !== QUIZ.id)!
const COURSE = library.courses.get(QUIZ.course)!
const LESSON = library.lessons.find(l => l.course === COURSE.slug)!
const CHOSEN = 'store-return-personal'
const WRITTEN = 'delayed-order-email'
const CODE = 'AXEAAAAAAAAAAAAAAAAAAAAAAA'
/** Screenshots of every state at both widths with AXE_SCREENSHOTS=all; otherwise of the states whose fixes are worth a look. */
const SHOTS = process.env.AXE_SCREENSHOTS === 'all'
const shotName = (name: string) => `axe-${name.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`

/**
 * Rules whose findings are only ever moderate or minor are off: this scan fails on serious and
 * critical ones, and these rules (the landmark and region checks above all) cost the most time.
 */
const MINOR_ONLY = Object.fromEntries([
  'region', 'landmark-banner-is-top-level', 'landmark-complementary-is-top-level', 'landmark-contentinfo-is-top-level',
  'landmark-main-is-top-level', 'landmark-no-duplicate-banner', 'landmark-no-duplicate-contentinfo', 'landmark-no-duplicate-main',
  'landmark-one-main', 'landmark-unique', 'heading-order', 'page-has-heading-one', 'skip-link', 'empty-heading', 'empty-table-header',
  'identical-links-same-purpose', 'image-redundant-alt', 'table-duplicate-name', 'meta-viewport-large', 'presentation-role-conflict', 'aria-allowed-role',
].map(rule => [rule, { enabled: false }]))

interface Violation { page: string, width: number, rule: string, impact: string, help: string, targets: string[] }

let server: TestServer
let browser: Browser
let contentDir: string
let people: Record<'learner' | 'trainer' | 'hr' | 'admin', TestPerson>
let learnerApi: SignedIn
let attempt: AttemptView
let chosenRun: string
let writtenRun: string

beforeAll(async () => {
  // The editor needs a content folder it may write to; nothing is saved by this test.
  contentDir = mkdtempSync(join(tmpdir(), 'rapport-axe-'))
  cpSync('content', contentDir, { recursive: true })
  server = await startServer({ env: { CONTENT_WRITE: 'files', CONTENT_DIR: contentDir } })
  trace('server started')
  const [learner, trainer, hr, admin] = await createPeople(server.databaseUri, [
    { email: 'lena@axe.test', role: 'staff', name: 'Lena Learner', department: 'contact-centre', jobRole: 'Contact-centre agent' },
    { email: 'tom@axe.test', role: 'trainer', name: 'Tom Trainer' },
    { email: 'hana@axe.test', role: 'hr', name: 'Hana Hr', department: 'people-and-training' },
    { email: 'ada@axe.test', role: 'admin', name: 'Ada Admin', department: 'people-and-training' },
  ])
  people = { learner: learner!, trainer: trainer!, hr: hr!, admin: admin! }
  // The learner's records: a lesson read, a failed quiz with a trainer's note, a role-play chosen
  // and one written (a scorecard for the trainer), and a certificate.
  learnerApi = await signIn(server, 'lena@axe.test')
  await readLesson(learnerApi, COURSE.slug, LESSON.slug)
  attempt = await takeQuiz(learnerApi, FAILED.id, i => i === 0)
  chosenRun = (await playScenario(learnerApi, CHOSEN, false)).id
  writtenRun = (await playScenario(learnerApi, WRITTEN, true)).id
  const trainerApi = await signIn(server, 'tom@axe.test')
  expect((await trainerApi.json(`/api/trainer/quiz-attempts/${attempt.id}/coaching`, { method: 'POST', body: { text: 'Read the lesson again, then retry.' } })).status).toBe(201)
  const db = await openDatabase(server.databaseUri)
  await db.collection('certificates').insertOne({
    _id: CODE as never, code: CODE, user: new Types.ObjectId(people.learner.id), holderName: 'Lena Learner',
    path: 'contact-centre-certification', pathTitle: 'Contact centre certification', name: 'Contact Centre Certificate',
    cycle: 1, issuedAt: new Date(Date.now() - 10 * 86_400_000), expiresAt: new Date(Date.now() + 700 * 86_400_000),
  })
  await db.close()
  browser = await launchBrowser()
  trace('seeded, browser up')
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  if (contentDir) rmSync(contentDir, { recursive: true, force: true })
})

/** A browser context (CSP bypassed, so axe can be injected) signed in as the person, or signed out. */
async function contextFor(email?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true })
  if (email) {
    const { cookie } = await signIn(server, email)
    await context.addCookies(cookie.split('; ').map((pair) => {
      const at = pair.indexOf('=')
      return { name: pair.slice(0, at), value: pair.slice(at + 1), url: server.url }
    }))
  }
  return context
}

/** Waits until the page is hydrated and nothing on it is still loading. */
async function settled(page: Page) {
  await page.waitForFunction(() => {
    const app = (document.querySelector('#__nuxt') as { __vue_app__?: { $nuxt?: { isHydrating?: boolean } } } | null)?.__vue_app__
    return app?.$nuxt && !app.$nuxt.isHydrating && document.querySelector('h1') && !document.querySelector('.state .spinner')
  }, null, { timeout: 15_000 })
}

const TRACE = process.env.AXE_TRACE === '1'
const started = Date.now()
const trace = (...what: unknown[]) => TRACE && console.log(`${((Date.now() - started) / 1000).toFixed(1)}s`, ...what)

async function axeRun(page: Page, name: string, width: number): Promise<Violation[]> {
  trace('scan', name, width)
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource })
  const results = await page.evaluate(async (rules) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string, impact: string | null, help: string, nodes: { target: string[] }[] }[] }> } }).axe
    const { violations } = await axe.run(document, { resultTypes: ['violations'], rules })
    return violations.map(v => ({ rule: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map(n => n.target.join(' ')) }))
  }, MINOR_ONLY)
  const found = results.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({ page: name, width, ...v }))
  if (found.length) trace(report(found).join('\n'))
  return found
}

/** Scans the page as it is at desktop width, then at 390 px, and puts it back to desktop width. */
async function scanBoth(page: Page, name: string, shot = SHOTS): Promise<Violation[]> {
  await page.setViewportSize(DESKTOP)
  await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))
  const found = await axeRun(page, name, DESKTOP.width)
  if (shot) await screenshot(page, `${shotName(name)}-desktop`)
  await page.setViewportSize(PHONE)
  await page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))
  found.push(...await axeRun(page, name, PHONE.width))
  if (shot) await screenshot(page, `${shotName(name)}-phone`)
  await page.setViewportSize(DESKTOP)
  return found
}

/** Opens each path and scans it at both widths. */
async function scanPages(page: Page, paths: string[], shots: string[] = []) {
  const found: Violation[] = []
  for (const path of paths) {
    await page.goto(`${server.url}${path}`)
    await settled(page)
    found.push(...await scanBoth(page, path, SHOTS || shots.includes(path)))
  }
  return found
}

const report = (found: Violation[]) => found.map(v => `${v.page} @${v.width}px: ${v.impact} ${v.rule} (${v.help}) at ${v.targets.join(', ')}`)

describe('axe finds no serious or critical violation', () => {
  it('signed out: sign-in (and its error), forgotten password, 404, certificate verification', async () => {
    const context = await contextFor()
    const page = await context.newPage()
    const found = await scanPages(page, ['/forgot-password', '/no-such-page', `/verify/${CODE}`, '/verify/NOTACODE', '/sign-in'])
    await page.getByLabel('Email').fill('lena@axe.test')
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').waitFor()
    found.push(...await scanBoth(page, '/sign-in (wrong password)'))
    await context.close()
    expect(report(found)).toEqual([])
  }, 240_000)

  it('learner: home, results, courses, lesson, search, quiz in progress, review and result, role-plays mid-conversation and results, certificate', async () => {
    const context = await contextFor('lena@axe.test')
    const page = await context.newPage()
    const found = await scanPages(page, [
      '/learn', '/results', '/courses', `/courses/${COURSE.slug}`, `/courses/${COURSE.slug}/${LESSON.slug}`, '/courses/no-such-course',
      `/quiz-attempts/${attempt.id}`, `/scenario-runs/${chosenRun}`, `/scenario-runs/${writtenRun}`, `/certificates/${CODE}`, '/account', '/notices',
      '/search', '/search?q=empathy', '/search?q=zzyzx',
      // Last, so the quiz below starts from its page.
      `/quizzes/${QUIZ.id}`,
    ])

    // A quiz in progress, one question at a time.
    const started = page.waitForResponse(res => res.url().endsWith(`/api/quizzes/${QUIZ.id}/attempts`) && res.request().method() === 'POST')
    await page.getByRole('button', { name: /^Start (the quiz|another attempt)$/ }).click()
    const { id } = await (await started).json() as AttemptView
    await page.locator('fieldset.question').waitFor()
    found.push(...await scanBoth(page, 'quiz in progress'))
    // Its review screen, every question answered (through the API, then the page reloaded).
    const current = (await learnerApi.json<AttemptView>(`/api/quiz-attempts/${id}`)).body
    expect((await learnerApi.json(`/api/quiz-attempts/${id}/answers`, { method: 'PUT', body: { answers: answersFor(QUIZ.id, current) } })).status).toBe(200)
    await page.reload()
    await settled(page)
    // It resumes at the last question (or at the review, all being answered).
    const check = page.getByRole('heading', { name: 'Check your answers' })
    await page.locator('fieldset.question').or(check).first().waitFor()
    if (!(await check.count())) await page.getByRole('button', { name: /^Review (all|your) answers/ }).first().click()
    await check.waitFor()
    found.push(...await scanBoth(page, 'quiz review screen'))
    await page.getByRole('button', { name: 'Submit answers' }).click()
    await page.getByRole('heading', { name: 'Passed' }).waitFor()
    found.push(...await scanBoth(page, 'quiz result'))

    // A role-play mid-conversation: a chosen reply and its coaching.
    await page.goto(`${server.url}/scenarios/${CHOSEN}`)
    await settled(page)
    found.push(...await scanBoth(page, `/scenarios/${CHOSEN}`))
    await page.getByRole('button', { name: /^(Start the conversation|Start again)$/ }).click()
    await page.locator('button.choice').first().waitFor()
    found.push(...await scanBoth(page, 'role-play, choosing a reply'))
    await page.locator('button.choice').first().click()
    await page.locator('.coach').first().waitFor()
    found.push(...await scanBoth(page, 'role-play, after a chosen reply'))

    // A written reply, typed and then checked.
    await page.goto(`${server.url}/scenarios/${WRITTEN}`)
    await settled(page)
    await page.getByRole('button', { name: /^(Start the conversation|Start again)$/ }).click()
    await page.getByLabel('Your e-mail').fill('Dear Ms Desai, I am sorry about the automated replies. I don\'t know when the table will arrive.')
    found.push(...await scanBoth(page, 'role-play, writing a reply'))
    await page.getByRole('button', { name: 'Send reply' }).click()
    await page.locator('.pitfalls li').first().waitFor()
    found.push(...await scanBoth(page, 'role-play, after a written reply'))
    await context.close()
    expect(report(found)).toEqual([])
  }, 240_000)

  it('trainer: content, analyses, previews, the editor, the review queue, a transcript and a scorecard', async () => {
    const context = await contextFor('tom@axe.test')
    const page = await context.newPage()
    const found = await scanPages(page, [
      '/trainer', `/trainer/quizzes/${QUIZ.id}`, `/trainer/scenarios/${CHOSEN}`, '/trainer/review', `/trainer/review/quiz-attempts/${attempt.id}`,
      `/trainer/review/scenario-runs/${chosenRun}`, `/trainer/review/scenario-runs/${writtenRun}`, `/trainer/preview/quiz/${QUIZ.id}`, '/trainer?edit',
    ], [`/trainer/scenarios/${CHOSEN}`])
    await page.goto(`${server.url}/trainer/preview/scenario/${CHOSEN}`)
    await settled(page)
    await page.locator('.choice').first().waitFor()
    found.push(...await scanBoth(page, `/trainer/preview/scenario/${CHOSEN}`))
    for (const file of [LESSON.file, library.quizzes.get(QUIZ.id)!.file].map(f => f.replace(/^content\//, ''))) {
      await page.goto(`${server.url}/trainer?edit=${file}`)
      await settled(page)
      await page.locator('.cm-content').waitFor({ timeout: 20_000 })
      await page.getByRole('region', { name: /Checker/ }).getByText(/no problems|problem/).first().waitFor({ timeout: 20_000 })
      found.push(...await scanBoth(page, `/trainer?edit=${file}`, true))
    }
    await context.close()
    expect(report(found)).toEqual([])
  }, 240_000)

  it('HR: dashboard, department, person, action lists, people, audit log', async () => {
    const context = await contextFor('hana@axe.test')
    const page = await context.newPage()
    const found = await scanPages(page, [
      '/hr', '/hr/departments/contact-centre', `/hr/people/${people.learner.id}`, '/hr/lists', '/admin/users', '/admin/audit', '/learn',
    ])
    await context.close()
    expect(report(found)).toEqual([])
  }, 240_000)

  it('admin: people, a person, a new person, departments, e-mail, organisation, and the import preview', async () => {
    const context = await contextFor('ada@axe.test')
    const page = await context.newPage()
    const found = await scanPages(page, [
      '/admin/users', `/admin/users/${people.learner.id}`, '/admin/users/new', '/admin/departments', '/admin/mail', '/admin/organisation', '/admin/import',
    ])
    mkdirSync('test-results', { recursive: true })
    const file = 'test-results/axe-staff.csv'
    // A new person, an update of an existing one (its changes, old → new) and a row with errors.
    writeFileSync(file, `name,email,department,job role,start date\nLina Ortiz,lina@axe.test,Retail Floor,Cashier,10/11/2026\n${people.learner.name},${people.learner.email},retail-floor,Team leader,2026-11-10\nNo Email,,retail-floor,Cashier,2026-11-10\n`)
    await page.getByLabel('CSV file').setInputFiles(file)
    await page.getByRole('heading', { name: /^Preview of/ }).waitFor()
    found.push(...await scanBoth(page, 'import preview', true))
    await context.close()
    expect(report(found)).toEqual([])
  }, 240_000)
})
