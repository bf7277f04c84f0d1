import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, TEST_PASSWORD } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, signInAs } from '../support/browser'
import { library } from '../support/learning'
import { checkWrittenReply, pickWrittenBranch } from '../../server/domain/scenario/written-checks'
import { startServer, type TestServer } from '../support/server'

// A contact-centre agent plays the abusive-caller and social-media role-plays in the browser:
// once to a pass (the boundary script; a short public reply that takes the detail private)
// and once to a fail (absorbing the abuse; arguing in public).

const ROUTES = {
  'abusive-caller-phone': {
    pass: ['open.acknowledge', 'abuse.boundary', 'calmer.fix-it', 'restore.test-it'],
    fail: ['open.policy-first', 'abuse.absorb', 'still-abusive.absorb-again'],
  },
  'public-review-social': {
    pass: ['first-reply.own-it-publicly', 'private-dm.remake-kingsway', 'confirm.read-back', 'collected.thank-her'],
    fail: ['first-reply.form-said-mia', 'backlash.just-explaining'],
  },
} as const

async function play(page: Page, server: TestServer, scenarioId: keyof typeof ROUTES, route: readonly string[]) {
  const scenario = library.scenarios.get(scenarioId)!.definition
  await page.goto(`${server.url}/scenarios/${scenarioId}`)
  await page.getByRole('button', { name: /^(Start the conversation|Start again)$/ }).click()
  for (const step of route) {
    const [node, id] = step.split('.') as [string, string]
    const here = scenario.nodes[node]!
    const choice = here.choices.find(c => c.id === id)!
    const written = here.written
    if (written) {
      // A written node: send one of the file's example replies that leads to this branch.
      const text = [written.example, ...written.good, ...written.bad.map(b => b.text)]
        .find(t => pickWrittenBranch(here.choices, checkWrittenReply(written, library.written.lexicon, t)).id === id)!
      await page.getByRole('textbox').fill(text)
      await page.getByRole('button', { name: 'Send reply' }).click()
    }
    else await page.getByRole('button', { name: choice.text, exact: true }).click()
    await page.getByText(choice.feedback).first().waitFor()
  }
}

describe('the abusive-caller and social-media role-plays in chromium', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, [{ email: 'cara@roleplay.test', role: 'staff', name: 'Cara Agent', department: 'contact-centre', jobRole: 'Contact-centre agent' }])
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it.each([
    ['abusive-caller-phone', DESKTOP],
    ['public-review-social', PHONE],
  ] as const)('plays %s to a pass and to a fail', async (scenarioId, viewport) => {
    const context = await browser.newContext({ viewport })
    const page = await context.newPage()
    await signInAs(page, server.url, 'cara@roleplay.test', TEST_PASSWORD)

    await play(page, server, scenarioId, ROUTES[scenarioId].pass)
    // A run with written replies passes provisionally, until a trainer reviews it.
    await page.getByRole('heading', { level: 2, name: /^Passed( \(provisional: awaiting review\))?$/ }).waitFor()
    expect(await page.getByText(library.scenarios.get(scenarioId)!.definition.nodes.restored?.outcome ?? library.scenarios.get(scenarioId)!.definition.nodes.happy!.outcome!).count()).toBeGreaterThan(0)
    await screenshot(page, `role-play-${scenarioId}-passed`)

    await play(page, server, scenarioId, ROUTES[scenarioId].fail)
    await page.getByRole('heading', { level: 2, name: /^Not passed yet( \(provisional: awaiting review\))?$/ }).waitFor()
    // The result names the skills that fell short.
    expect(await page.getByText('✗ Below').count()).toBeGreaterThan(0)
    await screenshot(page, `role-play-${scenarioId}-failed`)
    await context.close()
  }, 180_000)
})
