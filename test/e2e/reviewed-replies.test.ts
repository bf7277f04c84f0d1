import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, TEST_PASSWORD } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, signInAs } from '../support/browser'
import { library } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

// The whole journey of a written reply that a trainer reviews: the learner writes "I don't know"
// and gets the pitfall quoted back, finishes the conversation and sees a provisional result; a
// trainer finds the run in the review queue, scores it on the scorecard and comments on a
// sentence; the learner sees the reviewed result and the certificate of a path that requires a
// reviewed pass. The server reads a copy of content/ with that path added.

const SCENARIO = 'delayed-order-email'
const PATH = 'reviewed-written-replies'
const JOB = 'Written reply agent'
const REPLY = 'Dear Ms Desai, I am sorry about the automated replies. I don\'t know when the table will arrive.'
const COMMENT = 'Say when you will find out, not only that you don\'t know.'

let server: TestServer
let browser: Browser

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-reviewed-'))
  cpSync('content', dir, { recursive: true })
  writeFileSync(join(dir, 'paths', `${PATH}.yml`), [
    `id: ${PATH}`,
    'title: Reviewed written replies',
    'description: Written replies to customers, each reviewed by a trainer before it counts.',
    'audience:',
    `  jobRoles: [${JOB}]`,
    'dueDays: 30',
    'certificate:',
    '  name: Written Reply Certificate',
    '  validityMonths: 12',
    'requires:',
    `  scenarios: [${SCENARIO}]`,
    'requireReviewedPass: true',
    '',
  ].join('\n'))
  server = await startServer({ env: { CONTENT_WRITE: 'files', CONTENT_DIR: dir } })
  await createPeople(server.databaseUri, [
    { email: 'wren@reviewed.test', role: 'staff', name: 'Wren Writer', jobRole: JOB },
    { email: 'tess@reviewed.test', role: 'trainer', name: 'Tess Trainer' },
  ])
  browser = await launchBrowser()
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function signedIn(email: string, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  await signInAs(page, server.url, email, TEST_PASSWORD)
  return page
}

describe('a written reply reviewed by a trainer, in chromium', () => {
  let runPath = ''

  it('the learner writes "I don\'t know", gets it quoted back and finishes with a provisional result', async () => {
    const page = await signedIn('wren@reviewed.test')
    await page.goto(`${server.url}/scenarios/${SCENARIO}`)
    await page.getByRole('button', { name: /^(Start the conversation|Start again)$/ }).click()
    const box = page.getByLabel('Your e-mail')
    await box.fill(REPLY)
    await page.getByRole('button', { name: 'Send reply' }).click()
    const pitfall = page.locator('.pitfalls li').first()
    await pitfall.waitFor()
    expect(await pitfall.locator('q').textContent()).toBe('I don\'t know')
    for (let i = 0; i < 10; i++) {
      if (await page.getByRole('button', { name: 'Try again' }).count()) break
      const choice = page.locator('button.choice').first()
      if (!(await choice.count())) {
        await page.waitForTimeout(200)
        continue
      }
      const before = await page.locator('.coach').count()
      await choice.click()
      await page.waitForFunction(n => document.querySelectorAll('.coach').length > n, before)
    }
    await page.getByRole('heading', { name: /provisional: awaiting review/ }).waitFor()
    expect(await page.getByText('waiting for a trainer\'s review').count()).toBe(1)
    await screenshot(page, 'reviewed-reply-provisional-desktop')
    await page.context().close()
  }, 180_000)

  it('a trainer finds it in the queue, scores the scorecard and comments on the sentence', async () => {
    const page = await signedIn('tess@reviewed.test')
    await page.goto(`${server.url}/trainer/review`)
    await page.getByLabel('Scorecard').selectOption('pending')
    await page.waitForURL('**/trainer/review?state=pending')
    await page.getByRole('table', { name: 'Role-play runs' }).waitFor()
    expect(await page.getByRole('table', { name: 'Quiz attempts' }).count()).toBe(0)
    await screenshot(page, 'reviewed-reply-queue-desktop')
    await page.getByRole('link', { name: /^Open Wren Writer's/ }).click()
    await page.waitForURL('**/trainer/review/scenario-runs/*')
    runPath = new URL(page.url()).pathname.replace('/trainer/review', '')
    await page.getByRole('heading', { name: 'Scorecard' }).waitFor()
    const criteria = library.scenarios.get(SCENARIO)!.definition.nodes[library.scenarios.get(SCENARIO)!.definition.start]!.written!.scorecard
    expect(await page.locator('fieldset.line').count()).toBe(criteria.length)
    // The checks proposed less than full marks where the reply said "I don't know"; the trainer scores each criterion 3.
    for (const criterion of criteria) {
      await page.getByRole('group', { name: criterion.behaviour }).getByLabel('3', { exact: true }).check()
    }
    await page.getByLabel('Sentence').selectOption({ label: 'I don\'t know when the table will arrive.' })
    await page.getByLabel('Comment').fill(COMMENT)
    await page.getByRole('button', { name: 'Add comment' }).click()
    await page.getByText('With these scores the run passes').waitFor()
    await page.getByRole('button', { name: 'Save review' }).click()
    await page.getByText('Saved. Wren Writer sees the reviewed result: passed.').waitFor()
    await page.getByRole('heading', { name: 'Correct the reviewed scorecard' }).waitFor()
    await screenshot(page, 'reviewed-reply-scorecard-desktop')
    await page.context().close()
  }, 120_000)

  it.each([['desktop', DESKTOP], ['phone', PHONE]] as const)('the learner sees the reviewed result and the certificate (%s)', async (name, viewport) => {
    expect(runPath).toMatch(/^\/scenario-runs\//)
    const page = await signedIn('wren@reviewed.test', viewport)
    await page.goto(`${server.url}${runPath}`)
    await page.getByRole('heading', { name: 'Trainer\'s scorecard' }).waitFor()
    expect(await page.getByText(/Reviewed by Tess Trainer.*This result is final/).count()).toBe(1)
    expect(await page.getByRole('heading', { name: 'Passed', exact: true }).count()).toBe(1)
    expect(await page.locator('.scorecard blockquote').first().textContent()).toContain('I don\'t know when the table will arrive.')
    await page.getByText(COMMENT).waitFor()
    await screenshot(page, `reviewed-reply-result-${name}`)
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)

    await page.goto(`${server.url}/learn`)
    await page.getByText('Written Reply Certificate').first().waitFor()
    await page.getByRole('link', { name: 'view certificate' }).first().click()
    await page.waitForURL('**/certificates/*')
    await page.getByText('Written Reply Certificate').first().waitFor()
    await screenshot(page, `reviewed-reply-certificate-${name}`)
    await page.context().close()
  }, 120_000)
})
