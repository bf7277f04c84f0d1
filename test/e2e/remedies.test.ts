import { Types } from 'mongoose'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, openDatabase, signIn, TEST_PASSWORD, type TestPerson } from '../support/accounts'
import { DESKTOP, PHONE, launchBrowser, screenshot, signInAs } from '../support/browser'
import { library, takeQuiz } from '../support/learning'
import { startServer, type TestServer } from '../support/server'
import { formatDate, formatDateTime } from '../../shared/utils/format'

// A stuck learner: they use every attempt at a quiz; a trainer grants one more with a
// reason; the learner sees "1 attempt left" and starts again; HR extends their overdue
// path and the dashboard stops showing them as overdue.

const QUIZ = 'why-service-matters-quiz'
const DAY = 86_400_000

describe('remedies in chromium', () => {
  let server: TestServer
  let browser: Browser
  let people: TestPerson[]
  let attemptId: string

  beforeAll(async () => {
    server = await startServer()
    people = await createPeople(server.databaseUri, [
      { email: 'sam@remedy.test', role: 'staff', name: 'Sam', department: 'retail-floor', startDate: new Date(Date.now() - 40 * DAY) },
      { email: 'tess@remedy.test', role: 'trainer', name: 'Tess', department: 'people-team' },
      { email: 'hugo@remedy.test', role: 'hr', name: 'Hugo', department: 'people-team' },
    ])
    // Sam uses every attempt (the cooldown moved out of the way between them).
    const sam = await signIn(server, 'sam@remedy.test')
    const user = new Types.ObjectId(people[0]!.id)
    for (let n = 0; n < library.quizzes.get(QUIZ)!.definition.attemptLimit; n++) {
      const taken = await takeQuiz(sam, QUIZ, () => false)
      attemptId = taken.id
      const db = await openDatabase(server.databaseUri)
      const past = new Date(Date.now() - 3 * 60 * 60_000)
      await db.collection('quizattempts').updateMany({ user }, { $set: { submittedAt: past, startedAt: past } })
      const record = (await db.collection('learnerrecords').findOne({ _id: user }))!
      for (const a of Object.values(record.quizAttempts as Record<string, Record<string, unknown>>)) Object.assign(a, { submittedAt: past, startedAt: past })
      await db.collection('learnerrecords').updateOne({ _id: user }, { $set: { quizAttempts: record.quizAttempts } })
      await db.close()
    }
    browser = await launchBrowser()
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  }, 180_000)

  async function as(email: string, viewport = DESKTOP, timezoneId?: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport, timezoneId })).newPage()
    await signInAs(page, server.url, email, TEST_PASSWORD)
    return page
  }

  it('a trainer grants one more attempt with a reason, and the learner starts again with 1 attempt left', async () => {
    const learner = await as('sam@remedy.test')
    await learner.goto(`${server.url}/quizzes/${QUIZ}`)
    await learner.getByText(/You have used all \d attempts/).waitFor()
    await expect(learner.getByRole('button', { name: 'Start another attempt' }).count()).resolves.toBe(0)
    await screenshot(learner, 'remedy-1-learner-no-attempts-1280')

    const trainer = await as('tess@remedy.test')
    await trainer.goto(`${server.url}/trainer/review/quiz-attempts/${attemptId}`)
    await trainer.getByRole('heading', { name: 'Help this person' }).waitFor()
    await trainer.getByLabel('What to do').selectOption('extra-attempts')
    await trainer.getByRole('button', { name: 'Grant extra attempts' }).click()
    // The reason is required: nothing is granted without one.
    await trainer.getByText('Reason must say why').waitFor()
    await trainer.getByLabel('Reason').fill('Sam was interrupted by a fire drill twice.')
    await trainer.getByRole('button', { name: 'Grant extra attempts' }).click()
    await trainer.getByRole('status').filter({ hasText: 'It is in the audit log' }).waitFor()
    await trainer.getByText('Sam was interrupted by a fire drill twice.').waitFor()
    await screenshot(trainer, 'remedy-2-trainer-granted-1280')

    await learner.reload()
    await learner.getByTestId('attempts-left').filter({ hasText: '1 attempt left' }).waitFor()
    await learner.getByText('1 more granted by your trainer or HR').waitFor()
    await screenshot(learner, 'remedy-3-learner-one-left-1280')
    await learner.getByRole('button', { name: 'Start another attempt' }).click()
    await learner.getByText(/Attempt 4 ·/).waitFor()

    const phone = await as('sam@remedy.test', PHONE)
    await phone.goto(`${server.url}/quizzes/${QUIZ}`)
    await phone.getByText(/Attempt 4 ·/).waitFor()
    await screenshot(phone, 'remedy-4-learner-attempt-390')
    const scrollWidth = await phone.evaluate(() => document.documentElement.scrollWidth)
    expect(scrollWidth).toBeLessThanOrEqual(PHONE.width)
  }, 180_000)

  it('HR extends an overdue path\'s due date and the dashboard shows the new status', async () => {
    const hr = await as('hugo@remedy.test')
    await hr.goto(`${server.url}/hr/departments/retail-floor`)
    const row = hr.getByRole('row').filter({ hasText: 'Sam' })
    await row.getByText('Overdue').waitFor()
    await row.getByRole('link', { name: 'Sam' }).click()
    await hr.getByRole('heading', { name: 'Help this person' }).waitFor()
    await hr.getByLabel('What to do').selectOption('extend-due-date')
    const due = new Date(Date.now() + 21 * DAY).toISOString().slice(0, 10)
    await hr.getByLabel('New due date').fill(due)
    await hr.getByLabel('Reason').fill('Agreed three more weeks after the attempts were reset.')
    await hr.getByRole('button', { name: 'Extend the due date' }).click()
    await hr.getByRole('status').filter({ hasText: 'It is in the audit log' }).waitFor()
    await hr.getByText('(extended)').first().waitFor()
    await screenshot(hr, 'remedy-5-hr-person-1280')

    await hr.goto(`${server.url}/hr/departments/retail-floor`)
    const after = hr.getByRole('row').filter({ hasText: 'Sam' })
    // Shown in the organisation's date format (the default, English (UK)).
    await after.getByText(formatDate(due)).waitFor()
    await expect(after.getByText('Overdue').count()).resolves.toBe(0)
    await screenshot(hr, 'remedy-6-hr-department-1280')

    const phone = await as('hugo@remedy.test', PHONE)
    await phone.goto(`${server.url}/hr/people/${people[0]!.id}`)
    await phone.getByRole('heading', { name: 'Help this person' }).waitFor()
    await screenshot(phone, 'remedy-7-hr-person-390')
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)

    const learner = await as('sam@remedy.test')
    await learner.goto(`${server.url}/learn`)
    await learner.getByText('(new due date)').waitFor()
    await screenshot(learner, 'remedy-8-learner-new-due-1280')

    await hr.goto(`${server.url}/admin/audit`)
    await hr.getByRole('cell', { name: 'Agreed three more weeks after the attempts were reset.' }).waitFor()
    await screenshot(hr, 'remedy-9-audit-log-1280')
    // Times in the organisation's format and the reader's time zone, never ISO text with "UTC".
    await expect(hr.getByRole('columnheader', { name: 'When', exact: true }).count()).resolves.toBe(1)
    const auditPhone = await as('hugo@remedy.test', PHONE, 'Asia/Kolkata')
    await auditPhone.goto(`${server.url}/admin/audit`)
    await auditPhone.getByText('Agreed three more weeks after the attempts were reset.').waitFor()
    const time = auditPhone.locator('main table time').first()
    await expect(time.textContent()).resolves.toMatch(/GMT\+5:30$/)
    expect(await time.textContent()).toBe(formatDateTime((await time.getAttribute('datetime'))!, { timeZone: 'Asia/Kolkata' }))
    // The download writes the same times: the page passes its time zone.
    expect(await auditPhone.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toMatch(/tz=Asia%2F(Kolkata|Calcutta)$/) // Chromium names the zone by its older alias
    await screenshot(auditPhone, 'remedy-10-audit-log-390')
  }, 180_000)
})
