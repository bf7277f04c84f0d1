import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, openDatabase, TEST_PASSWORD } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, signInAs } from '../support/browser'
import { startServer, type TestServer } from '../support/server'

// What a person meets when something is missing, mistyped or over: pages that say so.

const SIZES = [['desktop', DESKTOP], ['phone', PHONE]] as const

describe('errors and edges', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, [{ email: 'erin@edges.test', role: 'staff', name: 'Erin Edge' }])
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  for (const [size, viewport] of SIZES) {
    it(`answers unknown pages, courses, quizzes, role-plays and certificates with a 404 page that says so (${size})`, async () => {
      const context = await browser.newContext({ viewport })
      const page = await context.newPage()
      await signInAs(page, server.url, 'erin@edges.test', TEST_PASSWORD)
      const cases = [
        ['/no-such-page', 'We could not find that page'],
        ['/courses/no-such-course', 'There is no course called “no-such-course”.'],
        ['/courses/why-service-matters/no-such-lesson', 'This course has no such lesson.'],
        ['/quizzes/no-such-quiz', 'There is no such quiz.'],
        ['/scenarios/no-such-role-play', 'There is no such role-play.'],
        ['/certificates/AAAAAAAAAAAAAAAAAAAAAAAAAA', 'No certificate has this code.'],
      ] as const
      for (const [path, text] of cases) {
        const res = await page.goto(`${server.url}${path}`)
        expect(res?.status(), path).toBe(404)
        await expect(page.getByRole('heading', { level: 1 }).textContent(), path).resolves.toContain('We could not find that page')
        await expect(page.locator('main').textContent(), path).resolves.toContain(text)
        await expect(page.locator('main').textContent(), path).resolves.not.toContain('Try again')
        // The app's own header, still signed in.
        await expect(page.getByRole('link', { name: /Your account: Erin Edge/, includeHidden: true }).count(), path).resolves.toBe(1)
        await expect(page.evaluate(() => document.documentElement.scrollWidth), path).resolves.toBeLessThanOrEqual(viewport.width)
      }
      await page.goto(`${server.url}/courses/no-such-course`)
      await screenshot(page, `not-found-course-${size}`)
      // Reached by a link inside the app (no full page load) it is the same page.
      await page.goto(`${server.url}/courses`)
      await page.waitForLoadState('networkidle')
      await page.evaluate(() => (document.querySelector('#__nuxt') as unknown as { __vue_app__: { config: { globalProperties: { $router: { push: (to: string) => Promise<void> } } } } })
        .__vue_app__.config.globalProperties.$router.push('/quizzes/no-such-quiz'))
      await page.getByText('There is no such quiz.').waitFor()
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('We could not find that page')
      await page.getByRole('button', { name: 'Go to my home page' }).click()
      await page.waitForURL(url => url.pathname === '/learn')
      await context.close()
    })

    it(`tells a visitor with a mistyped verification code that no certificate has it (${size})`, async () => {
      const page = await browser.newPage({ viewport })
      for (const code of ['NOT-A-CODE', 'AAAAAAAAAAAAAAAAAAAAAAAAAA']) {
        const res = await page.goto(`${server.url}/verify/${code}`)
        expect(res?.status(), code).toBe(404)
        const text = await page.locator('main').textContent()
        expect(text).toContain('No certificate has this code')
        expect(text).not.toContain('Invalid route')
        expect(text).not.toContain('Try again')
      }
      await screenshot(page, `verify-unknown-code-${size}`)
      await page.close()
    })
  }

  it('sends a person whose session ended to sign in, then back to the page they were on', async () => {
    for (const [size, viewport] of SIZES) {
      const context = await browser.newContext({ viewport })
      const page = await context.newPage()
      await signInAs(page, server.url, 'erin@edges.test', TEST_PASSWORD)
      await page.goto(`${server.url}/courses`)
      await page.waitForLoadState('networkidle')
      // The session goes idle past its limit while the page stays open.
      const db = await openDatabase(server.databaseUri)
      await db.collection('sessions').updateMany({}, { $set: { lastSeenAt: new Date(0) } })
      await db.close()
      // A link inside the app: the browser still believes it is signed in until the server says otherwise.
      if (size === 'phone') await page.getByRole('button', { name: 'Menu' }).click()
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My learning' }).click()
      await page.waitForURL(url => url.pathname === '/sign-in')
      const url = new URL(page.url())
      expect(url.searchParams.get('redirect')).toBe('/learn')
      await expect(page.getByRole('status').filter({ hasText: 'Your session has ended' }).count()).resolves.toBe(1)
      // The header no longer shows a signed-in person.
      await expect(page.getByRole('link', { name: /Your account/, includeHidden: true }).count()).resolves.toBe(0)
      await expect(page.getByRole('button', { name: 'Sign out', includeHidden: true }).count()).resolves.toBe(0)
      await screenshot(page, `session-ended-${size}`)
      await page.getByLabel('Email').fill('erin@edges.test')
      await page.getByLabel('Password').fill(TEST_PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(u => u.pathname === '/learn')
      await expect(page.getByRole('link', { name: /Your account: Erin Edge/, includeHidden: true }).count()).resolves.toBe(1)
      await context.close()
    }
  })

  it('signs in with the form before any JavaScript runs, keeping the typed email after a mistake', async () => {
    for (const [size, viewport] of SIZES) {
      const context = await browser.newContext({ viewport, javaScriptEnabled: false })
      const page = await context.newPage()
      await page.goto(`${server.url}/sign-in?redirect=${encodeURIComponent('/courses')}`)
      await expect(page.getByRole('button', { name: 'Sign in' }).isEnabled()).resolves.toBe(true)
      await page.getByLabel('Email').fill('erin@edges.test')
      await page.getByLabel('Password').fill('a-wrong-password')
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(u => u.pathname === '/sign-in' && u.searchParams.has('error'))
      await expect(page.getByRole('alert').textContent()).resolves.toContain('do not match an active account')
      await expect(page.getByLabel('Email').inputValue()).resolves.toBe('erin@edges.test')
      await expect(page.getByLabel('Password').inputValue()).resolves.toBe('')
      await screenshot(page, `sign-in-no-js-error-${size}`)
      await page.getByLabel('Password').fill(TEST_PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL(u => u.pathname === '/courses')
      await expect(page.getByRole('link', { name: /Your account: Erin Edge/, includeHidden: true }).count()).resolves.toBe(1)
      await context.close()
    }
  })
})
