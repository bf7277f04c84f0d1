import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, TEST_PASSWORD } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, signInAs } from '../support/browser'
import { library } from '../support/learning'
import { answerEveryQuestion, answerOnScreen, questionOnScreen } from '../support/quiz-browser'
import { startServer, type TestServer } from '../support/server'

// A learner takes a quiz one question at a time, from the course page to "My results":
// forward and back, a reload that resumes where they were, the review before submitting,
// focus following them, and times in their own time zone.

const quiz = [...library.quizzes.values()].map(q => q.definition).find(q => (q.poolSize ?? q.questions.length) >= 4)!
const course = library.courses.get(quiz.course)!
const count = quiz.poolSize ?? quiz.questions.length

// The focused element's text, its parts (the heading's number and prompt) joined by a space.
const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement
  if (!el) return ''
  const parts = el.children.length ? [...el.children].map(c => c.textContent ?? '') : [el.textContent ?? '']
  return parts.map(t => t.trim()).join(' ').replace(/\s+/g, ' ')
})
const noSidewaysScroll = async (page: Page, width: number) =>
  expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(width)

describe('taking a quiz one question at a time', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, [
      { email: 'desk@quiz-taking.test', role: 'staff', name: 'Dana Desk' },
      { email: 'phone@quiz-taking.test', role: 'staff', name: 'Phil Phone' },
    ])
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  for (const [size, viewport, email, timezoneId, zone] of [
    ['desktop', DESKTOP, 'desk@quiz-taking.test', 'Pacific/Auckland', 'GMT+13'],
    ['phone', PHONE, 'phone@quiz-taking.test', 'America/New_York', 'GMT-5'],
  ] as const) {
    it(`goes from the course page through the quiz, back, forward and the review, to My results (${size})`, async () => {
      const context = await browser.newContext({ viewport, timezoneId })
      const page = await context.newPage()
      await signInAs(page, server.url, email, TEST_PASSWORD)

      // The course page's quiz card leads to the quiz; the attempts allowed are on show.
      await page.goto(`${server.url}/courses/${course.slug}`)
      await page.locator('main').getByRole('link', { name: quiz.title, exact: true }).click()
      await page.waitForURL(url => url.pathname === `/quizzes/${quiz.id}`)
      await page.getByTestId('attempts-left').filter({ hasText: `${quiz.attemptLimit} attempts left` }).waitFor()
      await page.getByRole('button', { name: 'Start the quiz' }).click()

      // Question 1, its heading focused; when it started, in the learner's own time zone.
      const first = await questionOnScreen(page)
      await expect(focused(page)).resolves.toBe(`Question 1 of ${count} ${first.prompt}`)
      await page.getByText(`Attempt 1 · Question 1 of ${count}`).waitFor()
      await expect(page.locator('.status').textContent()).resolves.toMatch(new RegExp(`Started \\d+ \\w{3} \\d{4}, \\d\\d:\\d\\d ${zone.replace('+', '\\+')}`))
      await expect(page.getByTestId('attempts-left').textContent()).resolves.toBe(`${quiz.attemptLimit - 1} attempts left after this one.`)
      await answerOnScreen(page, quiz.id)
      await screenshot(page, `quiz-one-at-a-time-1-${size}`)
      await page.getByRole('button', { name: 'Next question' }).click()
      const second = await questionOnScreen(page)
      expect(second.prompt).not.toBe(first.prompt)
      await expect(focused(page)).resolves.toBe(`Question 2 of ${count} ${second.prompt}`)
      await answerOnScreen(page, quiz.id)

      // Back: question 1 again, with its answer kept.
      await page.getByRole('button', { name: 'Previous question' }).click()
      const again = await questionOnScreen(page)
      expect(again.prompt).toBe(first.prompt)
      await expect(focused(page)).resolves.toContain('Question 1 of')
      await page.getByText(`2 of ${count} answered`).waitFor()

      // A reload resumes at the first unanswered question: the answers were saved on the server.
      await page.reload()
      await page.getByText(`Question 3 of ${count}`, { exact: false }).first().waitFor()
      await expect(page.getByText(`2 of ${count} answered`).count()).resolves.toBe(1)
      await noSidewaysScroll(page, viewport.width)

      // The review lists every question, answered or not, and leads back to one.
      await page.getByRole('button', { name: 'Review all answers' }).click()
      await page.getByRole('heading', { name: 'Check your answers' }).waitFor()
      await expect(focused(page)).resolves.toBe('Check your answers')
      const rows = page.locator('.check li')
      await expect(rows.count()).resolves.toBe(count)
      await expect(rows.filter({ hasText: 'Not answered' }).count()).resolves.toBe(count - 2)
      await page.getByTestId('unanswered').filter({ hasText: `${count - 2} questions are not answered yet` }).waitFor()
      await noSidewaysScroll(page, viewport.width)
      await screenshot(page, `quiz-one-at-a-time-2-review-${size}`)
      await page.getByRole('button', { name: 'Answer question 3' }).click()
      await expect(focused(page)).resolves.toContain('Question 3 of')

      // The rest, then the review with every question answered, then the result.
      await answerEveryQuestion(page, quiz.id)
      await expect(rows.filter({ hasText: 'Not answered' }).count()).resolves.toBe(0)
      await expect(page.getByTestId('unanswered').count()).resolves.toBe(0)
      await page.getByRole('button', { name: 'Submit answers' }).click()
      await page.getByRole('heading', { name: 'Passed' }).waitFor()
      await page.waitForFunction(() => document.activeElement?.id === 'result-heading')
      await expect(page.locator('.summary').textContent()).resolves.toMatch(new RegExp(`Submitted \\d+ \\w{3} \\d{4}, \\d\\d:\\d\\d ${zone.replace('+', '\\+')}`))
      await noSidewaysScroll(page, viewport.width)
      await screenshot(page, `quiz-one-at-a-time-3-result-${size}`)

      // My results lists it.
      await page.getByRole('link', { name: 'See all my results' }).click()
      await page.waitForURL(url => url.pathname === '/results')
      const row = page.getByRole('table', { name: 'Quizzes' }).getByRole('row').filter({ hasText: quiz.title })
      await row.first().waitFor()
      await expect(row.count()).resolves.toBe(1)
      await expect(row.textContent()).resolves.toContain('Passed')
      await screenshot(page, `quiz-one-at-a-time-4-results-${size}`)
      await context.close()
    }, 180_000)
  }
})
