import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, signIn, TEST_PASSWORD, type SignedIn } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, signInAs } from '../support/browser'
import { library, readLesson, takeQuiz } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

// A learner finds their progress on the course page, goes from the last lesson to the
// course's quiz, and finds every result and their trainer's note on "My results".

const course = [...library.courses.values()].find(c =>
  [...library.quizzes.values()].some(q => q.definition.course === c.slug)
  && library.lessons.filter(l => l.course === c.slug).length >= 2)!
const lessons = library.lessons.filter(l => l.course === course.slug)
const quiz = [...library.quizzes.values()].find(q => q.definition.course === course.slug)!.definition

describe('a learner\'s course page and results', () => {
  let server: TestServer
  let browser: Browser
  let learner: SignedIn
  let trainer: SignedIn
  let attemptId: string

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, [
      { email: 'rita@results.test', role: 'staff', name: 'Rita Results' },
      { email: 'tom@results.test', role: 'trainer', name: 'Tom Trainer' },
    ])
    browser = await launchBrowser()
    learner = await signIn(server, 'rita@results.test')
    // The first lesson read and one failed attempt at the quiz, with a trainer's note on it.
    expect((await readLesson(learner, course.slug, lessons[0]!.slug)).status).toBe(200)
    const attempt = await takeQuiz(learner, quiz.id, () => false)
    attemptId = attempt.id
    trainer = await signIn(server, 'tom@results.test')
    expect((await trainer.json(`/api/trainer/quiz-attempts/${attemptId}/coaching`, { method: 'POST', body: { text: 'Read the lesson on listening again, then retry.' } })).status).toBe(201)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`shows ticks, the quiz result and what to do next on the course page, with linked cards (${size})`, async () => {
      const context = await browser.newContext({ viewport })
      const page = await context.newPage()
      await signInAs(page, server.url, 'rita@results.test', TEST_PASSWORD)
      await page.goto(`${server.url}/courses/${course.slug}`)
      await page.getByText('What to do next').waitFor()
      const main = page.locator('main')
      await expect(main.getByText(`1 of ${lessons.length} read`).count()).resolves.toBe(1)
      // The read lesson is ticked, the others are not.
      const items = main.locator('.lessons li')
      await expect(items.nth(0).textContent()).resolves.toContain('Read:')
      await expect(items.nth(1).textContent()).resolves.not.toContain('Read:')
      await expect(main.getByRole('link', { name: `Continue with “${lessons[1]!.title}”` }).count()).resolves.toBe(1)
      // The quiz card is a link, with this learner's result on it.
      const card = main.getByRole('link', { name: quiz.title, exact: true })
      await expect(card.getAttribute('href')).resolves.toBe(`/quizzes/${quiz.id}`)
      await expect(main.locator('.practice').textContent()).resolves.toContain('Not passed yet')
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(viewport.width)
      await screenshot(page, `course-progress-${size}`)
      await context.close()
    })

    it(`leads from the course's last lesson to its quiz (${size})`, async () => {
      const context = await browser.newContext({ viewport })
      const page = await context.newPage()
      await signInAs(page, server.url, 'rita@results.test', TEST_PASSWORD)
      await page.goto(`${server.url}/courses/${course.slug}/${lessons.at(-1)!.slug}`)
      const next = page.getByRole('link', { name: /Next: take the quiz/ })
      await next.scrollIntoViewIfNeeded()
      await expect(next.textContent()).resolves.toContain(quiz.title)
      await next.click()
      await page.waitForURL(url => url.pathname === `/quizzes/${quiz.id}`)
      await context.close()
    })

    it(`marks a new coaching note in the navigation, and lists every result with its score and date, the note and the skills profile, on My results (${size})`, async () => {
      // The desktop run sees the note of the set-up; the phone run a second one left since.
      const noteText = size === 'desktop' ? 'Read the lesson on listening again, then retry.' : 'Well done on trying again so soon.'
      if (size === 'phone') expect((await trainer.json(`/api/trainer/quiz-attempts/${attemptId}/coaching`, { method: 'POST', body: { text: noteText } })).status).toBe(201)
      const context = await browser.newContext({ viewport })
      const page = await context.newPage()
      await signInAs(page, server.url, 'rita@results.test', TEST_PASSWORD)
      // The menu closes on a page change: open it once the home page is there.
      await page.getByRole('heading', { name: 'My learning', level: 1 }).waitFor()
      const nav = page.getByRole('navigation', { name: 'Main' })
      const resultsLink = nav.getByRole('link', { name: 'My results, 1 new coaching note', exact: true })
      if (size === 'phone') {
        // The phone's closed menu says something is new; the link inside it says what.
        const menu = page.getByRole('button', { name: 'Menu, 1 new', exact: true })
        await menu.waitFor()
        await screenshot(page, `coaching-marker-${size}`)
        await menu.click()
      }
      await resultsLink.waitFor()
      await expect(resultsLink.locator('.count').textContent()).resolves.toBe('1')
      if (size === 'desktop') await screenshot(page, `coaching-marker-${size}`)
      await resultsLink.click()
      await page.waitForURL(url => url.pathname === '/results')
      await page.getByRole('heading', { name: 'My results' }).waitFor()
      const main = page.locator('main')
      await expect(main.getByText(noteText).count()).resolves.toBe(1)
      await expect(main.locator('blockquote').filter({ hasText: noteText }).locator('.new').textContent()).resolves.toBe('New')
      // Seen: the marker goes, and the link reads plainly again.
      await expect.poll(() => nav.locator('a[href="/results"]').getAttribute('aria-label'), { timeout: 10_000 }).toBeNull()
      await expect(nav.locator('.count').count()).resolves.toBe(0)
      // The skills profile: one failed quiz, so every skill it scored reads 0% latest and best, assessed once.
      const profile = main.getByRole('table', { name: 'Your skills profile' })
      const profileRows = profile.locator('tbody tr')
      expect(await profileRows.count()).toBeGreaterThan(0)
      for (let i = 0; i < await profileRows.count(); i++) {
        const cells = (await profileRows.nth(i).locator('td').allTextContents()).map(t => t.replace(/\s+/g, ' ').trim())
        expect(cells.slice(0, 3)).toEqual(['0%', '0%', '1 time (1 quiz)'])
      }
      await expect(main.getByText('Tom Trainer', { exact: false }).count()).resolves.toBeGreaterThan(0)
      const table = main.getByRole('table', { name: 'Quizzes' })
      const row = table.getByRole('row').filter({ hasText: quiz.title })
      await expect(row.count()).resolves.toBe(1)
      const text = (await row.textContent())!
      expect(text).toMatch(/\d+%/)
      expect(text).toContain('Not passed yet')
      expect(text).toContain(new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }))
      await expect(row.getByRole('link', { name: quiz.title }).getAttribute('href')).resolves.toBe(`/quiz-attempts/${attemptId}`)
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(viewport.width)
      await screenshot(page, `my-results-${size}`)
      await context.close()
    })
  }
})
