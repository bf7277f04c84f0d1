import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, openDatabase, signIn, TEST_PASSWORD, type SignedIn } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot } from '../support/browser'
import { startServer, type TestServer } from '../support/server'
import { formatDate } from '../../shared/utils/format'

// A trainer's journey: the content overview, a quiz analysis, a learner's role-play
// transcript, feedback on it; then the learner signs in and finds that feedback. The app
// writes content to a temporary copy of content/ (files mode), so the trainer can edit the quiz
// and meet its versions by number and first-seen date.

const QUIZ = 'soft-skills-quiz'
const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) })

interface PreviewQuestion { id: string, type: string, correctAnswer: unknown, options: { id: string }[] }

async function takeQuiz(learner: SignedIn, keys: Map<string, PreviewQuestion>, rightIf: (i: number) => boolean) {
  const { body } = await learner.json<{ id: string, questions: { id: string, type: string, options: { id: string }[] }[] }>(`/api/quizzes/${QUIZ}/attempts`, { method: 'POST' })
  const answers = Object.fromEntries(body.questions.map((q, i) => {
    const key = keys.get(q.id)!.correctAnswer
    if (rightIf(i)) return [q.id, key]
    if (q.type === 'truefalse') return [q.id, !key]
    if (q.type === 'single') return [q.id, q.options.find(o => o.id !== key)!.id]
    if (q.type === 'multiple') return [q.id, [q.options[0]!.id]]
    return [q.id, [...(key as string[])].reverse()]
  }))
  await learner.json(`/api/quiz-attempts/${body.id}/answers`, { method: 'PUT', body: JSON.stringify({ answers }) })
  await learner.json(`/api/quiz-attempts/${body.id}/submit`, { method: 'POST' })
  return body.id
}

async function signInPage(page: Page, server: TestServer, email: string, home: string) {
  // Wait for hydration: text typed before it would be reset by the page's own state.
  await page.goto(`${server.url}/sign-in`, { waitUntil: 'networkidle' })
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(TEST_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  try {
    await page.waitForURL(`**${home}`, { timeout: 10_000 })
  }
  catch (error) {
    await screenshot(page, `failed-sign-in-${email}`)
    throw error
  }
}

describe('trainer workspace in chromium', () => {
  let server: TestServer
  let browser: Browser
  let runId: string
  let attemptId: string
  let scenarioId: string
  let scenarioTitle: string
  let dir: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rapport-trainer-e2e-'))
    cpSync('content', dir, { recursive: true })
    server = await startServer({ env: { CONTENT_WRITE: 'files', CONTENT_DIR: dir } })
    browser = await launchBrowser()
    await createPeople(server.databaseUri, [
      { email: 'tina@trainer-e2e.test', role: 'trainer', name: 'Tina Trainer' },
      { email: 'lee@trainer-e2e.test', role: 'staff', name: 'Lee Learner' },
      { email: 'other@trainer-e2e.test', role: 'staff', name: 'Olu Other' },
      ...Array.from({ length: 5 }, (_, i) => ({ email: `l${i}@trainer-e2e.test`, role: 'staff' as const, name: `Learner ${i}` })),
    ])
    // Learners take the quiz through the learner routes, each right on a different share of questions.
    const trainer = await signIn(server, 'tina@trainer-e2e.test')
    const preview = await trainer.json<{ questions: PreviewQuestion[] }>(`/api/trainer/quizzes/${QUIZ}/preview`)
    const keys = new Map(preview.body.questions.map(q => [q.id, q]))
    for (let n = 0; n < 5; n++) await takeQuiz(await signIn(server, `l${n}@trainer-e2e.test`), keys, i => (i + n) % 5 < n + 1)
    const lee = await signIn(server, 'lee@trainer-e2e.test')
    attemptId = await takeQuiz(lee, keys, i => i % 2 === 0)
    // Lee plays a role-play: the first reply at every point.
    const { body: overview } = await trainer.json<{ scenarios: { id: string, title: string }[] }>('/api/trainer/content')
    scenarioTitle = overview.scenarios[0]!.title
    scenarioId = overview.scenarios[0]!.id
    let run = (await lee.json<{ id: string, status: string, node: { id: string, choices: { id: string }[] } | null }>(`/api/scenarios/${overview.scenarios[0]!.id}/runs`, { method: 'POST' })).body
    runId = run.id
    while (run.status === 'in-progress' && run.node) {
      run = (await lee.json<{ run: typeof run }>(`/api/scenario-runs/${runId}/steps`, json({ node: run.node.id, choice: run.node.choices[0]!.id }))).body.run
    }
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('lets a trainer read a quiz analysis and a transcript and leave feedback that the learner then sees', async () => {
    const context = await browser.newContext({ viewport: DESKTOP })
    const page = await context.newPage()
    await signInPage(page, server, 'tina@trainer-e2e.test', '/trainer')
    await page.getByRole('heading', { level: 1, name: 'Content' }).waitFor()
    await page.getByText('content files pass the checker').waitFor()
    // Versions read as a number and the day Rapport first saw them, the hash in small text below.
    const today = formatDate(new Date())
    await page.getByText(`Version 1 · ${today}`).first().waitFor()
    expect(await page.getByText(/^[0-9a-f]{12}$/).count()).toBeGreaterThan(20)
    await screenshot(page, 'trainer-content-desktop')

    await page.getByRole('link', { name: 'Analysis: Soft skills' }).first().click()
    await page.waitForURL(`**/trainer/quizzes/${QUIZ}`)
    await page.getByRole('heading', { name: 'Questions', level: 2, exact: true }).waitFor()
    expect(await page.getByRole('term').filter({ hasText: 'Attempts' }).first().isVisible()).toBe(true)
    expect(await page.locator('dd .value').first().textContent()).toBe('6')
    expect(await page.getByText('Discrimination').count()).toBeGreaterThan(0)
    await screenshot(page, 'trainer-quiz-analysis-desktop')

    await page.getByRole('link', { name: 'Review', exact: true }).click()
    await page.waitForURL('**/trainer/review')
    await page.getByRole('table', { name: 'Role-play runs' }).waitFor()
    await screenshot(page, 'trainer-review-desktop')
    await page.getByRole('link', { name: `Open Lee Learner's ${scenarioTitle} #1` }).click()
    await page.waitForURL(`**/trainer/review/scenario-runs/${runId}`)
    await page.getByRole('list', { name: 'Conversation' }).waitFor({ timeout: 10_000 }).catch(async (error) => {
      await screenshot(page, 'failed-transcript')
      console.log('OL', await page.locator('ol.chat').evaluate(e => e.outerHTML))
      console.log('API', await page.evaluate(async id => JSON.stringify((await (await fetch(`/api/trainer/scenario-runs/${id}`)).json()).run.transcript).slice(0, 300), runId))
      throw error
    })
    expect(await page.getByText('Lee Learner', { exact: true }).first().isVisible()).toBe(true)

    await page.getByRole('button', { name: 'Send feedback' }).click()
    expect(await page.getByText('Feedback: write the feedback').isVisible()).toBe(true)
    await page.getByLabel('Feedback for Lee Learner').fill('Strong opening. Next time, give the customer a time for the follow-up.')
    await page.getByRole('button', { name: 'Send feedback' }).click()
    await page.getByText('Saved. Lee Learner sees it with their result.').waitFor()
    await screenshot(page, 'trainer-transcript-desktop')
    await context.close()

    const learnerContext = await browser.newContext({ viewport: DESKTOP })
    const learnerPage = await learnerContext.newPage()
    await signInPage(learnerPage, server, 'lee@trainer-e2e.test', '/learn')
    await learnerPage.goto(`${server.url}/scenario-runs/${runId}`)
    await learnerPage.getByRole('heading', { name: 'Feedback from your trainer' }).waitFor()
    expect(await learnerPage.getByText('Strong opening. Next time, give the customer a time for the follow-up.').isVisible()).toBe(true)
    expect(await learnerPage.getByText('Tina Trainer').isVisible()).toBe(true)
    await screenshot(learnerPage, 'trainer-feedback-seen-by-learner-desktop')
    // The trainer pages are not for staff: they land on their own home instead.
    await learnerPage.goto(`${server.url}/trainer/review`)
    await learnerPage.waitForURL('**/learn')
    await learnerContext.close()

    const otherContext = await browser.newContext({ viewport: DESKTOP })
    const otherPage = await otherContext.newPage()
    await signInPage(otherPage, server, 'other@trainer-e2e.test', '/learn')
    await otherPage.goto(`${server.url}/scenario-runs/${runId}`)
    // Someone else's run is not found for them (the same answer as a run that does not exist).
    await otherPage.getByRole('heading', { level: 1, name: 'We could not find that page' }).waitFor()
    expect(await otherPage.getByText('There is no such role-play run, or it is not yours.').isVisible()).toBe(true)
    expect(await otherPage.getByText('Strong opening').count()).toBe(0)
    await otherContext.close()
  })

  it('previews a role-play by keyboard without recording a run', async () => {
    const db = await openDatabase(server.databaseUri)
    const runs = () => db.collection('scenarioruns').countDocuments()
    const before = await runs()
    const context = await browser.newContext({ viewport: DESKTOP })
    const page = await context.newPage()
    await signInPage(page, server, 'tina@trainer-e2e.test', '/trainer')
    await page.goto(`${server.url}/trainer/scenarios/${scenarioId}`)
    await page.getByRole('heading', { name: 'Skills' }).waitFor()
    await screenshot(page, 'trainer-scenario-analysis-desktop')
    await page.goto(`${server.url}/trainer`)
    await page.getByRole('link', { name: `Preview: ${scenarioTitle}` }).click()
    await page.getByRole('heading', { name: 'Your reply' }).waitFor()
    // A written node offers its branches under their own heading: the loop follows the buttons.
    for (let step = 0; step < 12 && await page.locator('.choice').count(); step++) {
      await page.locator('.choice').first().focus()
      await page.keyboard.press('Enter')
    }
    await page.getByRole('button', { name: 'Play again' }).waitFor()
    await screenshot(page, 'trainer-preview-scenario-desktop')
    expect(await runs()).toBe(before)
    await db.close()
    await context.close()
  })

  it('numbers an edited quiz\'s versions by first sighting and lets the trainer pick the earlier one', async () => {
    const trainer = await signIn(server, 'tina@trainer-e2e.test')
    const path = `quizzes/${QUIZ}.yml`
    const opened = (await trainer.json<{ text: string, hash: string }>(`/api/trainer/editor/file?path=${path}`)).body
    const text = opened.text.replace(/^passMark: \d+$/m, 'passMark: 75')
    expect(text).not.toBe(opened.text)
    expect((await trainer.json('/api/trainer/editor/file', { method: 'PUT', body: { path, text, baseHash: opened.hash } })).status).toBe(200)
    const today = formatDate(new Date())

    const context = await browser.newContext({ viewport: DESKTOP })
    const page = await context.newPage()
    await signInPage(page, server, 'tina@trainer-e2e.test', '/trainer')
    const quizRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: /^Analysis: Soft skills/ }) }).first()
    await quizRow.getByText(`Version 2 · ${today}`).waitFor()
    await screenshot(page, 'trainer-content-versions-desktop')

    await page.goto(`${server.url}/trainer/quizzes/${QUIZ}`)
    const picker = page.getByLabel('Content version')
    await picker.waitFor()
    const options = await picker.locator('option').allTextContents()
    expect(options).toHaveLength(2)
    expect(options[0]).toMatch(new RegExp(`^Version 2 · ${today} — current \\(0 attempts\\) · [0-9a-f]{12}$`))
    expect(options[1]).toMatch(new RegExp(`^Version 1 · ${today} — earlier, last taken .+ \\(6 attempts\\) · [0-9a-f]{12}$`))
    await page.getByText('Nobody has taken this version yet.').waitFor()
    await picker.selectOption({ label: options[1]! })
    await page.getByRole('term').filter({ hasText: 'Attempts on this version' }).waitFor()
    expect(await page.getByText('Nobody has taken this version yet.').count()).toBe(0)
    await screenshot(page, 'trainer-quiz-versions-desktop')
    await context.close()
  })

  it('fits the trainer pages on a phone', async () => {
    const context = await browser.newContext({ viewport: PHONE })
    const page = await context.newPage()
    await signInPage(page, server, 'tina@trainer-e2e.test', '/trainer')
    for (const [name, path, ready] of [
      ['content', '/trainer', 'Check again'],
      ['quiz-analysis', `/trainer/quizzes/${QUIZ}`, 'Questions'],
      ['review', '/trainer/review', 'Review learners\' work'],
      ['transcript', `/trainer/review/scenario-runs/${runId}`, 'Transcript'],
      ['attempt', `/trainer/review/quiz-attempts/${attemptId}`, 'Answers'],
      ['scenario-analysis', `/trainer/scenarios/${scenarioId}`, 'Skills'],
      ['preview-quiz', `/trainer/preview/quiz/${QUIZ}`, 'Check answers'],
    ] as const) {
      await page.goto(`${server.url}${path}`)
      await page.getByText(ready, { exact: true }).first().waitFor()
      await screenshot(page, `trainer-${name}-phone`)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      if (overflow > 0) console.log('WIDE', name, await page.evaluate(() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`).join(' | ')))
      expect(overflow, `${name} is wider than the phone`).toBeLessThanOrEqual(0)
      await screenshot(page, `trainer-${name}-phone`)
    }
    // The quiz preview (the last page above) plays as learners see it: one question at a time.
    await expect(page.locator('main fieldset').count()).resolves.toBe(1)
    await page.getByRole('heading', { name: /^Question 1 of \d+/ }).waitFor()
    await page.getByRole('button', { name: /Next question/ }).click()
    await page.getByRole('heading', { name: /^Question 2 of \d+/ }).waitFor()
    await expect(page.locator('main fieldset').count()).resolves.toBe(1)
    await screenshot(page, 'trainer-preview-quiz-second-phone')
    await context.close()
  })
})
