import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, TEST_PASSWORD } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot } from '../support/browser'
import { startServer, type TestServer } from '../support/server'

// A trainer writes content in the browser: a new lesson from the guide's template, with the
// preview following the typing and a checker error shown at its line, fixed and saved; then
// a quiz question edited and played in the preview. Files go to a temporary copy of content/.

const COURSE = 'soft-skills'
const LESSON = `lessons/${COURSE}/09-closing-a-call.md`

/** Puts the cursor at the end of the editor line that starts with `start` (less `left` characters), and types there. */
async function editLine(page: Page, start: string, backspaces: number, typed: string, left = 0) {
  const line = page.locator('.cm-line', { hasText: start }).first()
  await line.click()
  // End moves to the next wrap point of a wrapped line; pressed again, on to the line's end.
  for (let i = 0; i < 8; i++) await page.keyboard.press('End')
  for (let i = 0; i < left; i++) await page.keyboard.press('ArrowLeft')
  for (let i = 0; i < backspaces; i++) await page.keyboard.press('Backspace')
  await page.keyboard.type(typed)
}

const checked = (page: Page) => page.waitForResponse(res => res.url().endsWith('/api/trainer/editor/check') && res.status() === 200, { timeout: 20_000 })

describe('content editor in chromium', () => {
  let server: TestServer
  let browser: Browser
  let dir: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rapport-content-e2e-'))
    cpSync('content', dir, { recursive: true })
    server = await startServer({ env: { CONTENT_WRITE: 'files', CONTENT_DIR: dir } })
    browser = await launchBrowser()
    await createPeople(server.databaseUri, [{ email: 'tina@editor-e2e.test', role: 'trainer', name: 'Tina Trainer' }])
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  async function trainerPage(viewport: { width: number, height: number }) {
    const page = await browser.newPage({ viewport })
    await page.goto(`${server.url}/sign-in`, { waitUntil: 'networkidle' })
    await page.getByLabel('Email').fill('tina@editor-e2e.test')
    await page.getByLabel('Password').fill(TEST_PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL('**/trainer', { timeout: 15_000 })
    return page
  }

  it('creates a lesson from the template, previews it as typed, shows a checker error at its line, and saves it fixed', async () => {
    const page = await trainerPage(DESKTOP)
    await page.getByRole('link', { name: 'Edit content' }).click()
    await page.waitForURL(url => url.pathname === '/trainer' && url.searchParams.has('edit') && !url.searchParams.get('edit'))
    await page.getByRole('heading', { name: 'Edit content' }).waitFor()
    await page.waitForLoadState('networkidle')
    await screenshot(page, 'content-editor-workspace-desktop')

    await page.getByLabel('Course slug').fill(COURSE)
    await page.getByLabel('File name').fill('09-closing-a-call')
    await page.getByRole('button', { name: 'Create from template' }).click()
    await page.waitForURL(url => url.pathname === '/trainer' && url.searchParams.get('edit') === LESSON && url.searchParams.get('new') === '1')
    await page.locator('.cm-content').waitFor({ timeout: 20_000 })

    // The guide's example says order: 1, which an existing lesson of the course has: an error at that line.
    const findings = page.getByRole('region', { name: /Checker/ })
    await findings.getByText('two lessons of course').first().waitFor({ timeout: 20_000 })
    const orderLine = readFileSync('content/README.md', 'utf8').split('````markdown\n')[1]!.split('\n').findIndex(l => l.startsWith('order:')) + 1
    await expect(findings.getByRole('button', { name: `Go to line ${orderLine}` }).count()).resolves.toBe(1)
    // The margin marker is drawn on CodeMirror's next update, after the findings list.
    await page.locator('.cm-lint-marker-error').first().waitFor({ timeout: 10_000 })

    // The preview follows the typing: a new title shows as the lesson's heading.
    const preview = page.getByRole('region', { name: /Preview/ })
    await preview.getByRole('heading', { name: 'The first ten seconds', level: 1 }).waitFor()
    const titled = checked(page)
    await editLine(page, 'title: The first ten seconds', 'The first ten seconds'.length, 'Closing a call well')
    await titled
    await preview.getByRole('heading', { name: 'Closing a call well', level: 1 }).waitFor()
    await screenshot(page, 'content-editor-lesson-error-desktop')

    // Fix the order, see the checker clear, save.
    const fixed = checked(page)
    await editLine(page, 'order: 1', 1, '9')
    await fixed
    await findings.getByText('✓ no problems').waitFor({ timeout: 20_000 })
    await page.getByRole('button', { name: 'Create file' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 20_000 })
    const written = readFileSync(join(dir, LESSON), 'utf8')
    expect(written).toMatch(/^title: Closing a call well$/m)
    expect(written).toMatch(/^order: 9$/m)
    expect(written).toMatch(/^course: soft-skills$/m)
    expect(readdirSync(`content/lessons/${COURSE}`)).not.toContain('09-closing-a-call.md')
    await screenshot(page, 'content-editor-lesson-saved-desktop')

    await page.setViewportSize(PHONE)
    await page.reload({ waitUntil: 'networkidle' })
    await page.locator('.cm-content').waitFor({ timeout: 20_000 })
    await preview.getByRole('heading', { name: 'Closing a call well', level: 1 }).waitFor({ timeout: 20_000 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true)
    await screenshot(page, 'content-editor-lesson-phone')
    await page.close()
  })

  it('edits a quiz question and plays the draft in the preview, then saves it', async () => {
    const page = await trainerPage(PHONE)
    await page.goto(`${server.url}/trainer?edit=quizzes/soft-skills-quiz.yml`, { waitUntil: 'networkidle' })
    await page.locator('.cm-content').waitFor({ timeout: 20_000 })
    const preview = page.getByRole('region', { name: /Preview/ })
    await preview.getByRole('button', { name: 'Check answers' }).waitFor({ timeout: 20_000 })

    // The first question's prompt (near the top, so the editor has drawn its line); typed
    // inside its closing quote when it is quoted.
    const firstPrompt = readFileSync(join(dir, 'quizzes/soft-skills-quiz.yml'), 'utf8').split('\n').find(l => /^\s+prompt: /.test(l))!
    const quoted = firstPrompt.endsWith('"') ? 1 : 0
    const edited = checked(page)
    await editLine(page, firstPrompt.trim(), 0, ' Edited in the browser', quoted)
    await edited
    // The preview shuffles the questions as for a learner and shows one at a time: step
    // forward to the edited one.
    const question = preview.locator('fieldset', { hasText: 'Edited in the browser' })
    await preview.getByText(/Edited in the browser/).or(preview.getByRole('button', { name: /Next question/ })).first().waitFor({ timeout: 20_000 })
    for (let step = 0; step < 50 && !await question.isVisible(); step++) {
      await preview.getByRole('button', { name: /Next question/ }).click()
    }
    await question.waitFor({ timeout: 20_000 })
    await question.locator('input').first().check()
    await preview.getByRole('button', { name: 'Check answers' }).click()
    await preview.getByRole('heading', { name: /Passed|Not passed yet/ }).waitFor()
    await screenshot(page, 'content-editor-quiz-played-phone')
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 3).map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`))
    expect(wide).toEqual([])

    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 20_000 })
    expect(readFileSync(join(dir, 'quizzes/soft-skills-quiz.yml'), 'utf8')).toContain(quoted ? `${firstPrompt.slice(0, -1)} Edited in the browser"` : `${firstPrompt} Edited in the browser`)
    await page.close()
  })
})
