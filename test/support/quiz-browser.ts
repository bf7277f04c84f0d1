import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { correctAnswer } from '../../server/domain/quiz/grading'
import { library } from './learning'

// A learner answering a quiz in the browser, one question at a time, rightly (the tests know
// the answers because they read content/).

/** The question on screen: its fieldset and its prompt. */
export async function questionOnScreen(page: Page) {
  const fieldset = page.locator('fieldset.question')
  await fieldset.waitFor()
  await expect(fieldset.count()).resolves.toBe(1)
  return { fieldset, prompt: (await fieldset.locator('.prompt').textContent())!.trim() }
}

/** Answers the question on screen correctly and waits until the answer is saved. */
export async function answerOnScreen(page: Page, quizId: string) {
  const quiz = library.quizzes.get(quizId)!.definition
  const { fieldset, prompt } = await questionOnScreen(page)
  const question = quiz.questions.find(q => q.prompt.trim() === prompt)!
  if (question.type === 'truefalse') {
    await fieldset.getByLabel(question.answer ? 'True' : 'False', { exact: true }).check()
  }
  else if (question.type === 'single' || question.type === 'multiple') {
    for (const option of question.options.filter(o => o.correct)) await fieldset.getByLabel(option.text, { exact: true }).check()
  }
  else {
    // Reorder with the keyboard-friendly "move up" buttons until the order is right.
    const wanted = question.items.map(item => item.text)
    let moves = 0
    for (let target = 0; target < wanted.length; target++) {
      const current = async () => (await fieldset.getByRole('button', { name: /^Move “.*” up$/ }).evaluateAll(buttons => buttons.map(b => b.getAttribute('aria-label')!)))
        .map(label => label.replace(/^Move “/, '').replace(/” up$/, ''))
      let position = (await current()).indexOf(wanted[target]!)
      while (position > target) {
        await fieldset.getByRole('button', { name: `Move “${wanted[target]}” up` }).click()
        moves++
        position--
      }
    }
    // An ordering question already in the right order counts as answered only once moved:
    // move the first item down and back up.
    if (moves === 0) {
      await fieldset.getByRole('button', { name: `Move “${wanted[0]}” down` }).click()
      await fieldset.getByRole('button', { name: `Move “${wanted[0]}” up` }).click()
    }
    expect(correctAnswer(question)).toHaveLength(wanted.length)
  }
  // The save waits a moment (debounced), then says so.
  await page.getByTestId('save-state').filter({ hasText: 'Saving…' }).waitFor({ timeout: 2000 }).catch(() => {})
  await page.getByTestId('save-state').filter({ hasText: /^Saved$/ }).waitFor()
  return prompt
}

/** Answers every question in turn, moving forward, and stops on the review screen. */
export async function answerEveryQuestion(page: Page, quizId: string) {
  for (;;) {
    await answerOnScreen(page, quizId)
    const review = page.getByRole('button', { name: 'Review your answers' })
    if (await review.count()) {
      await review.click()
      break
    }
    await page.getByRole('button', { name: 'Next question' }).click()
  }
  await page.getByRole('heading', { name: 'Check your answers' }).waitFor()
}
