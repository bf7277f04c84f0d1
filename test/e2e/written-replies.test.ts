import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, openDatabase, TEST_PASSWORD } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, signInAs } from '../support/browser'
import { library } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

// A contact-centre agent writes their own reply to the delayed-order e-mail: the checks quote
// the "I don't know" they wrote, name the lesson that covers it, and only then show the
// example reply; the agent finishes the conversation.

const SCENARIO = 'delayed-order-email'
const REPLY = 'Dear Ms Desai, I am sorry about the automated replies. I don\'t know when the table will arrive.'

async function writeAndFinish(page: Page, server: TestServer, name: string) {
  const scenario = library.scenarios.get(SCENARIO)!.definition
  const written = scenario.nodes[scenario.start]!.written!
  await page.goto(`${server.url}/scenarios/${SCENARIO}`)
  await page.getByRole('button', { name: /^(Start the conversation|Start again)$/ }).click()
  const box = page.getByLabel('Your e-mail')
  await box.waitFor()
  // Nothing of the checks is on the page before the reply is sent.
  expect(await page.content()).not.toContain(written.example)
  await box.fill(REPLY)
  await page.getByText(`${REPLY.length} / ${written.maxLength} characters`).waitFor()
  await page.getByRole('button', { name: 'Send reply' }).click()

  const pitfall = page.locator('.pitfalls li').first()
  await pitfall.waitFor()
  expect(await pitfall.locator('q').textContent()).toBe('I don\'t know')
  expect(await pitfall.textContent()).toContain('"I don\'t know", left there')
  expect(await pitfall.getByRole('link').getAttribute('href')).toBe('/courses/service-pitfalls/saying-i-dont-know')
  expect(await pitfall.getByRole('link').textContent()).toMatch(/^\s*Lesson: .*know/)
  // The moves: the apology and the automated replies were found, the next contact is missing.
  expect(await page.locator('.moves li.found').count()).toBe(2)
  expect(await page.locator('.moves li.missing').textContent()).toContain('Say when she will hear from you next')
  await page.getByText('An example reply').click()
  await page.getByText(written.example).waitFor()
  await screenshot(page, `written-reply-feedback-${name}`)

  // The rest of the conversation is chosen replies; take the first on offer until it ends.
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
  await page.getByRole('button', { name: 'Try again' }).waitFor()
  await screenshot(page, `written-reply-finished-${name}`)
}

describe('writing a reply in a role-play, in chromium', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, ['desktop', 'phone'].map(name => ({ email: `wren-${name}@written.test`, role: 'staff' as const, name: 'Wren Writer', department: 'contact-centre', jobRole: 'Contact-centre agent' })))
    await createPeople(server.databaseUri, [{ email: 'tara@written.test', role: 'trainer', name: 'Tara Trainer' }])
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it.each([['desktop', DESKTOP], ['phone', PHONE]] as const)('quotes the pitfall in a written reply and shows the example only afterwards (%s)', async (name, viewport) => {
    const context = await browser.newContext({ viewport })
    const page = await context.newPage()
    await signInAs(page, server.url, `wren-${name}@written.test`, TEST_PASSWORD)
    await writeAndFinish(page, server, name)
    // Nothing scrolls sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    await context.close()
  }, 180_000)

  it.each([['desktop', DESKTOP], ['phone', PHONE]] as const)('lets a trainer type a reply in the preview and see what the checks find, recording nothing (%s)', async (name, viewport) => {
    const scenario = library.scenarios.get(SCENARIO)!.definition
    const node = scenario.nodes[scenario.start]!
    const pitfallBranch = node.choices.find(c => c.when?.pitfalls === 'any')!
    const db = await openDatabase(server.databaseUri)
    const runs = () => db.collection('scenarioruns').countDocuments()
    const before = await runs()
    const context = await browser.newContext({ viewport })
    const page = await context.newPage()
    await signInAs(page, server.url, 'tara@written.test', TEST_PASSWORD)
    await page.goto(`${server.url}/trainer/preview/scenario/${SCENARIO}`)
    const tryout = page.getByRole('region', { name: 'Try a reply' })
    const box = tryout.getByLabel('Reply to check')
    await box.waitFor()
    await box.pressSequentially(REPLY, { delay: 5 })
    const pitfall = tryout.locator('.pitfalls li').first()
    await pitfall.waitFor({ timeout: 20_000 })
    expect(await pitfall.locator('q').textContent()).toBe('I don\'t know')
    expect(await tryout.locator('.moves li.found').count()).toBe(2)
    await tryout.getByText(`(branch ${pitfallBranch.id}, to node ${pitfallBranch.next})`).waitFor()
    await screenshot(page, `trainer-preview-written-tryout-${name}`)
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)

    // Continuing plays the branch the checks chose, with the trainer's words in the transcript.
    await tryout.getByRole('button', { name: 'Continue with this reply' }).click()
    await page.getByText(pitfallBranch.feedback).first().waitFor()
    expect(await page.getByText(REPLY).count()).toBeGreaterThan(0)
    expect(await runs()).toBe(before)
    await db.close()
    await context.close()
  }, 180_000)
})
