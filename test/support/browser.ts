import { mkdirSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'

export const SCREENSHOT_DIR = 'test-results/screenshots'

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  })
}

export const PHONE = { width: 390, height: 844 }
export const DESKTOP = { width: 1280, height: 900 }

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true })
}

/** The sign-in button is enabled once the page is interactive. */
export const waitUntilSignInReady = (page: Page) =>
  page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('main form button[type=submit]')?.disabled)

/** Signs in through the sign-in page and waits for the role's home. */
export async function signInAs(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/sign-in`)
  await waitUntilSignInReady(page)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  try {
    await page.waitForURL(url => !url.pathname.startsWith('/sign-in'), { timeout: 15_000 })
    // The address changes before the next page has rendered; the layout's route (and so the
    // phone menu, which closes on a change of route) follows once it has.
    await page.waitForFunction(() => !document.title.startsWith('Sign in'), undefined, { timeout: 15_000 })
    await page.waitForLoadState('networkidle')
  }
  catch (error) {
    await screenshot(page, `sign-in-failed-${email}`)
    const alert = await page.getByRole('alert').allTextContents()
    throw new Error(`signing in as ${email} did not leave the sign-in page (${alert.join(' ') || 'no message shown'})`, { cause: error })
  }
}
