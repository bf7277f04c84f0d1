import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, openDatabase, signIn, TEST_PASSWORD } from '../support/accounts'
import { DESKTOP, launchBrowser, screenshot, signInAs } from '../support/browser'
import { completePath } from '../support/hr'
import { library } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

// Every role's main pages, with a learner who has finished a path, under the production build's
// Content-Security-Policy: a page the policy breaks shows it as a console error (Chromium
// reports each blocked script, style or connection there), as an uncaught page error, or as an
// issue the browser reports to DevTools (Chrome DevTools Protocol `Audits.issueAdded`). Some
// violations reach only the last: an `eval` or `new Function` that a library tries inside a
// try/catch (Zod 4's probe did) logs nothing, yet Chromium files a ContentSecurityPolicyIssue,
// which Lighthouse's best-practices audit `inspector-issues` counts. Any issue fails the test.

describe('every role\'s main pages under the Content-Security-Policy', () => {
  let server: TestServer
  let browser: Browser
  const path = library.paths.get('new-staff-essentials')!.definition
  const lesson = library.lessons.find(l => l.course === path.requires.courses[0])!
  const quiz = path.requires.quizzes[0]!
  const scenario = path.requires.scenarios[0]!
  let certificate: string
  let person: string
  let department: string

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, [
      { email: 'amy@csp.test', role: 'staff', name: 'Amy Archer' },
      { email: 'bo@csp.test', role: 'staff', name: 'Bo Baker' },
      { email: 'trainer@csp.test', role: 'trainer', name: 'Tess Trainer' },
      { email: 'hr@csp.test', role: 'hr', name: 'Harriet HR' },
      { email: 'admin@csp.test', role: 'admin', name: 'Ada Admin' },
    ])
    await completePath(await signIn(server, 'amy@csp.test'), 'new-staff-essentials')
    const db = await openDatabase(server.databaseUri)
    try {
      const issued = await db.collection('certificates').findOne({})
      certificate = issued!.code as string
      person = String(issued!.user)
      department = (await db.collection('departments').findOne({}))!.slug as string
    }
    finally {
      await db.close()
    }
    browser = await launchBrowser()
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  /** Signs in as `email`, opens each page and returns what the console and the page reported. */
  async function visit(email: string, pages: { path: string, ready: (page: Page) => Promise<unknown> }[], name: string) {
    const context = await browser.newContext({ viewport: DESKTOP })
    const page = await context.newPage()
    const problems: string[] = []
    let where = '/sign-in'
    page.on('console', (message) => {
      // The signed-out sign-in page asks for the session and is told 401: not a policy matter.
      if (where === '/sign-in' && /status of 401/.test(message.text())) return
      if (message.type() === 'error') problems.push(`${where}: ${message.text()}`)
    })
    page.on('pageerror', error => problems.push(`${where}: ${error.message}`))
    // The browser's own issue reports (CSP violations caught by the page, cookie, mixed-content,
    // deprecation and other issues). Enabled before the first page, so nothing is missed.
    const devtools = await context.newCDPSession(page)
    devtools.on('Audits.issueAdded', ({ issue }) => problems.push(`${where}: browser issue ${issue.code} ${JSON.stringify(issue.details).slice(0, 400)}`))
    await devtools.send('Audits.enable')
    await signInAs(page, server.url, email, TEST_PASSWORD).catch((error: Error) => {
      throw new Error(`${error.message}; the browser reported: ${problems.join(' | ') || 'nothing'}`, { cause: error })
    })
    for (const [i, { path, ready }] of pages.entries()) {
      where = path
      const response = await page.goto(`${server.url}${path}`)
      expect(response!.status(), path).toBe(200)
      expect(await response!.headerValue('content-security-policy'), path).toContain('frame-ancestors \'none\'')
      await ready(page)
      await page.waitForLoadState('networkidle')
      await screenshot(page, `csp-${name}-${i + 1}`)
    }
    await context.close()
    return problems
  }

  const heading = (name: string | RegExp) => (page: Page) => page.getByRole('heading', { name, level: 1 }).waitFor()

  it('runs a learner\'s lesson, quiz and role-play, starting both from the browser, with no console errors or browser issues', async () => {
    const firstStep = library.scenarios.get(scenario)!.definition
    const problems = await visit('bo@csp.test', [
      { path: '/learn', ready: page => page.getByRole('main').waitFor() },
      // Twice: the first render fills the shared lesson cache, the second is sent from it.
      { path: `/courses/${lesson.course}/${lesson.slug}`, ready: heading(lesson.title) },
      { path: `/courses/${lesson.course}/${lesson.slug}`, ready: heading(lesson.title) },
      // Starting is a POST the browser sends with the page's Origin and Referrer-Policy.
      { path: `/quizzes/${quiz}`, ready: async (page) => {
        await page.getByRole('button', { name: 'Start the quiz' }).click()
        await page.getByRole('button', { name: 'Next question' }).waitFor()
      } },
      { path: `/scenarios/${scenario}`, ready: async (page) => {
        await page.getByRole('button', { name: 'Start the conversation' }).click()
        await page.getByRole('button', { name: firstStep.nodes[firstStep.start]!.choices[0]!.text, exact: true }).waitFor()
      } },
    ], 'learner')
    expect(problems).toEqual([])
  })

  it('runs a learner\'s certificate and its public verification page with no console errors or browser issues', async () => {
    const problems = await visit('amy@csp.test', [
      { path: `/certificates/${certificate}`, ready: page => page.getByRole('link', { name: /PDF/ }).waitFor() },
      { path: `/verify/${certificate}`, ready: page => page.getByRole('main').waitFor() },
    ], 'certificate')
    expect(problems).toEqual([])
  })

  it('runs the trainer\'s pages and the content editor with no console errors or browser issues', async () => {
    const problems = await visit('trainer@csp.test', [
      { path: '/trainer', ready: page => page.getByRole('main').waitFor() },
      { path: '/trainer?edit', ready: page => page.getByRole('main').waitFor() },
      { path: `/trainer?edit=${lesson.file.replace(/^content\//, '')}`, ready: page => page.locator('.cm-editor .cm-content').waitFor() },
      { path: `/trainer/quizzes/${quiz}`, ready: page => page.getByRole('main').waitFor() },
      { path: `/trainer/scenarios/${scenario}`, ready: page => page.getByRole('main').waitFor() },
      { path: '/trainer/review', ready: page => page.getByRole('main').waitFor() },
    ], 'trainer')
    expect(problems).toEqual([])
  })

  it('runs the HR dashboard with its charts, a department and a person with no console errors or browser issues', async () => {
    const problems = await visit('hr@csp.test', [
      { path: '/hr', ready: page => page.locator('figure canvas').nth(1).waitFor() },
      { path: `/hr/departments/${department}`, ready: page => page.getByRole('table').first().waitFor() },
      { path: `/hr/people/${person}`, ready: page => page.getByRole('main').waitFor() },
      { path: '/hr/lists', ready: page => page.getByRole('main').waitFor() },
    ], 'hr')
    expect(problems).toEqual([])
  })

  it('runs the administrator\'s people pages with no console errors or browser issues', async () => {
    const problems = await visit('admin@csp.test', [
      { path: '/admin/users', ready: page => page.getByRole('table').first().waitFor() },
      { path: `/admin/users/${person}`, ready: page => page.getByRole('main').waitFor() },
      { path: '/admin/audit', ready: page => page.getByRole('main').waitFor() },
      { path: '/admin/import', ready: page => page.getByRole('main').waitFor() },
    ], 'admin')
    expect(problems).toEqual([])
  })
})
