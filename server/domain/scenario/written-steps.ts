import type { ScenarioDefinition } from '../../../shared/schemas/content'
import type { WrittenStepView } from '../../../shared/types/learning'
import type { ContentLibrary } from '../content/content-library'
import type { StepAnswer } from './scenario-engine'
import { cleanReply } from './written-checks'

// How a run's step treats a written reply: a retry is the same text again, the node's length
// limit is enforced before anything is stored, and the pitfalls name their lesson.

/** Whether a step already taken is this answer again (a retried or doubled request). */
export function sameAnswer(step: { choice: string, reply: string, written?: unknown }, answer: StepAnswer): boolean {
  if ('choice' in answer) return !step.written && step.choice === answer.choice
  return Boolean(step.written) && step.reply === cleanReply(answer.text)
}

/** Why a written reply is refused at this node (over its length limit, or empty), or undefined. */
export function writtenTooLong(scenario: ScenarioDefinition, node: string, answer: StepAnswer): string | undefined {
  const spec = scenario.nodes[node]?.written
  if (!spec || !('text' in answer)) return undefined
  const text = cleanReply(answer.text)
  if (!text) return 'write your reply before sending it'
  if (text.length > spec.maxLength) return `is ${text.length} characters; this reply takes at most ${spec.maxLength}`
  return undefined
}

/** The findings as stored with the step, each pitfall with the title of the lesson that covers it. */
export function writtenStepView(view: WrittenStepView, library: ContentLibrary): WrittenStepView {
  const titles = new Map(library.lessons.map(l => [`${l.course}/${l.slug}`, l.title]))
  return { ...view, pitfalls: view.pitfalls.map(p => ({ ...p, lessonTitle: titles.get(p.lesson) ?? p.lesson })) }
}
