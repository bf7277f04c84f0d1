import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, TEST_PASSWORD } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, signInAs } from '../support/browser'
import { answersFor, library, scenarioRoutes, type AttemptView, type RunView } from '../support/learning'
import { answerEveryQuestion } from '../support/quiz-browser'
import { startServer, type TestServer } from '../support/server'

// A new member of staff, from their first lesson to a certificate anyone can verify.

const path = library.paths.get('new-staff-essentials')!.definition
const UI_QUIZ = path.requires.quizzes[0]!
const UI_SCENARIO = path.requires.scenarios[0]!

describe('a new member of staff earns the essentials certificate', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, [{ email: 'nora@journey.test', role: 'staff', name: 'Nora Newstart', department: 'retail-floor', startDate: new Date(Date.now() - 2 * 86_400_000) }])
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('goes from the first lesson to the certificate and its public verification page', async () => {
    const context = await browser.newContext({ viewport: DESKTOP })
    const page = await context.newPage()
    await signInAs(page, server.url, 'nora@journey.test', TEST_PASSWORD)
    // Requests the test sends through the browser's session say where they come from, as the page's own do.
    const sameOrigin = { headers: { origin: server.url } }

    // My learning: the path, nothing done yet, and the first lesson as the next step.
    await page.getByRole('heading', { name: path.title }).waitFor()
    await expect(page.getByText(/0 of \d+ done/).count()).resolves.toBe(1)
    await screenshot(page, 'journey-1-my-learning')
    const firstLesson = library.lessons.filter(l => l.course === path.requires.courses[0]).sort((a, b) => a.order - b.order)[0]!
    await page.locator('a', { hasText: 'Lesson:' }).first().click()
    await page.getByRole('heading', { level: 1, name: firstLesson.title }).waitFor()
    await page.getByRole('button', { name: 'Mark as read' }).or(page.getByText('✓ Lesson complete')).first().waitFor()
    if (await page.getByRole('button', { name: 'Mark as read' }).count()) await page.getByRole('button', { name: 'Mark as read' }).click()
    await page.getByText('✓ Lesson complete').waitFor()

    // The other lessons, read through the same session.
    for (const lesson of library.lessons.filter(l => path.requires.courses.includes(l.course) && l !== firstLesson)) {
      expect((await page.request.post(`${server.url}/api/courses/${lesson.course}/lessons/${lesson.slug}/open`, sameOrigin)).status()).toBe(200)
      const res = await page.request.post(`${server.url}/api/courses/${lesson.course}/lessons/${lesson.slug}/complete`, sameOrigin)
      expect(res.status()).toBe(200)
    }

    // One quiz answered in the browser...
    await page.goto(`${server.url}/quizzes/${UI_QUIZ}`)
    await page.getByRole('button', { name: 'Start the quiz' }).click()
    await answerEveryQuestion(page, UI_QUIZ)
    await screenshot(page, 'journey-2-quiz')
    await page.getByRole('button', { name: 'Submit answers' }).click()
    await page.getByText('Passed', { exact: true }).waitFor()
    // Not the last requirement: no celebration yet.
    await expect(page.getByTestId('certificate-earned').count()).resolves.toBe(0)
    await screenshot(page, 'journey-3-quiz-result')

    // ...the others through the API as the same learner.
    for (const quizId of path.requires.quizzes.filter(q => q !== UI_QUIZ)) {
      const attempt = await (await page.request.post(`${server.url}/api/quizzes/${quizId}/attempts`, sameOrigin)).json() as AttemptView
      await page.request.put(`${server.url}/api/quiz-attempts/${attempt.id}/answers`, { ...sameOrigin, data: { answers: answersFor(quizId, attempt) } })
      const graded = await (await page.request.post(`${server.url}/api/quiz-attempts/${attempt.id}/submit`, sameOrigin)).json() as AttemptView
      expect(graded.result!.passed).toBe(true)
    }
    for (const scenarioId of path.requires.scenarios.filter(s => s !== UI_SCENARIO)) {
      const route = scenarioRoutes(library.scenarios.get(scenarioId)!.definition).find(r => r.passed)!
      const run = await (await page.request.post(`${server.url}/api/scenarios/${scenarioId}/runs`, sameOrigin)).json() as RunView
      for (const step of route.choices) expect((await page.request.post(`${server.url}/api/scenario-runs/${run.id}/steps`, { ...sameOrigin, data: step })).status()).toBe(200)
    }

    // The last requirement, a role-play, in the browser: picking the replies of a passing route.
    const scenario = library.scenarios.get(UI_SCENARIO)!.definition
    const route = scenarioRoutes(scenario).find(r => r.passed)!
    await page.goto(`${server.url}/scenarios/${UI_SCENARIO}`)
    await page.getByRole('button', { name: 'Start the conversation' }).click()
    for (const step of route.choices) {
      const choice = scenario.nodes[step.node]!.choices.find(c => 'choice' in step && c.id === step.choice)!
      await page.getByRole('button', { name: choice.text, exact: true }).click()
      await page.getByText(choice.feedback).first().waitFor()
    }
    await page.getByText('Passed', { exact: true }).waitFor()
    // The run that finished the path celebrates it, with a link to the new certificate.
    const earned = page.getByTestId('certificate-earned')
    await earned.waitFor()
    await expect(earned.getByRole('link', { name: /View your .* certificate/ }).getAttribute('href')).resolves.toMatch(/^\/certificates\/[A-Z2-7]{26}$/)
    await screenshot(page, 'journey-4-role-play-result')

    // The certificate is there at once.
    await page.goto(`${server.url}/learn`)
    await page.getByRole('link', { name: /view certificate|certificate/i }).first().click()
    await page.waitForURL(/\/certificates\/[A-Z2-7]{26}$/)
    await page.getByRole('link', { name: /PDF/ }).waitFor()
    await expect(page.getByText('Nora Newstart').count()).resolves.toBeGreaterThan(0)
    await expect(page.getByRole('link', { name: /PDF/ }).count()).resolves.toBe(1)
    await screenshot(page, 'journey-5-certificate')

    await page.getByRole('link', { name: 'Public verification page' }).click()
    await page.waitForURL(/\/verify\/[A-Z2-7]{26}$/)
    await page.getByRole('img', { name: /QR/i }).waitFor()
    await page.getByText('Valid certificate').waitFor()
    const verification = await page.locator('main').textContent()
    expect(verification).toContain('Nora Newstart')
    expect(verification).not.toContain('nora@journey.test')
    await expect(page.getByRole('img', { name: /QR/i }).count()).resolves.toBe(1)
    await screenshot(page, 'journey-6-verification')

    // The verification page works for anyone, signed in or not, on a phone too.
    const stranger = await browser.newPage({ viewport: PHONE })
    await stranger.goto(page.url())
    await stranger.getByText('Valid certificate').waitFor()
    await screenshot(stranger, 'journey-7-verification-phone')
    await stranger.close()
    await context.close()
  })
})
