import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, TEST_PASSWORD } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, signInAs } from '../support/browser'
import { library } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

const ALL_LESSON_SHOTS = process.env.LESSON_SCREENSHOTS === 'all'

describe('catalogue → course → lesson → next lesson', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, [{ email: 'reader@reader.test', role: 'staff' }])
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`reads a course on ${size}`, async () => {
      const course = [...library.courses.values()].sort((a, b) => a.order - b.order)[0]!
      const lessons = library.lessons.filter(l => l.course === course.slug).sort((a, b) => a.order - b.order)
      const context = await browser.newContext({ viewport })
      const page = await context.newPage()
      await signInAs(page, server.url, 'reader@reader.test', TEST_PASSWORD)

      await page.goto(`${server.url}/courses`)
      await expect(page.getByRole('link', { name: course.title }).count()).resolves.toBe(1)
      await expect(page.locator('main').getByRole('link').count()).resolves.toBeGreaterThanOrEqual(library.courses.size)
      await screenshot(page, `catalogue-${size}`)

      await page.getByRole('link', { name: course.title }).click()
      await page.waitForURL(`**/courses/${course.slug}`)
      await page.getByRole('heading', { level: 1, name: course.title }).waitFor()
      await page.waitForLoadState('networkidle')
      await screenshot(page, `course-${size}`)
      for (const lesson of lessons) await expect(page.getByRole('link', { name: lesson.title }).count()).resolves.toBeGreaterThan(0)
      await screenshot(page, `course-${size}`)

      await page.getByRole('link', { name: lessons[0]!.title }).first().click()
      await page.waitForURL(`**/courses/${course.slug}/${lessons[0]!.slug}`)
      await page.getByRole('heading', { level: 1, name: lessons[0]!.title }).waitFor()
      // The table of contents lists the lesson's sections.
      const headings = await page.locator('.prose > div h2').allTextContents()
      expect(headings.length).toBeGreaterThan(1)
      const toc = await page.getByRole('navigation', { name: 'In this lesson' }).getByRole('link').allTextContents()
      expect(toc.map(t => t.trim())).toEqual(headings.map(h => h.trim()))
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(viewport.width)
      await screenshot(page, `lesson-${size}`)

      await page.getByRole('link', { name: /Next →/ }).click()
      await page.waitForURL(`**/courses/${course.slug}/${lessons[1]!.slug}`)
      await page.getByRole('heading', { level: 1, name: lessons[1]!.title }).waitFor()
      await expect(page.getByRole('link', { name: /← Previous/ }).count()).resolves.toBe(1)
      await context.close()
    })
  }

  it('shows every lesson on a phone without sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: PHONE })
    const page = await context.newPage()
    await signInAs(page, server.url, 'reader@reader.test', TEST_PASSWORD)
    const wide: string[] = []
    const unreachableTables: string[] = []
    for (const lesson of library.lessons) {
      await page.goto(`${server.url}/courses/${lesson.course}/${lesson.slug}`)
      await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor()
      const isWide = await page.evaluate(() => document.documentElement.scrollWidth) > PHONE.width
      if (isWide) wide.push(`${lesson.course}/${lesson.slug}`)
      // A table wider than the phone scrolls in its own box, which keyboard users can focus.
      const tablesReachable = await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.prose *')]
        .filter(box => box.scrollWidth > box.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX))
        .every(box => box.tabIndex === 0 && box.getAttribute('role') === 'region' && box.querySelector('table')), undefined, { timeout: 5_000 }).then(() => true, () => false)
      if (!tablesReachable) unreachableTables.push(`${lesson.course}/${lesson.slug}`)
      // Full-page captures of all 46 lessons (about 390 × 4,700 px each, 18 MB of PNG) are taken
      // with LESSON_SCREENSHOTS=all; otherwise only of a lesson that fails a check.
      if (isWide || !tablesReachable || ALL_LESSON_SHOTS) await screenshot(page, `lessons-phone/${lesson.course}--${lesson.slug}`)
    }
    expect(wide).toEqual([])
    expect(unreachableTables).toEqual([])
    await context.close()
  }, 900_000)
})
