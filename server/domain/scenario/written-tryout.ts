import type { WrittenCheckBody } from '../../../shared/schemas/trainer'
import type { ScenarioChoice, WrittenReply } from '../../../shared/schemas/content'
import type { WrittenFindings } from '../../../shared/types/learning'
import type { ContentLibrary } from '../content/content-library'
import { checkWrittenReply, cleanReply, patternProblem, pickWrittenBranch } from './written-checks'
import { writtenStepView } from './written-steps'

// A trainer's try-out of a written node in a preview: the reply typed goes through the same
// checks and branch choice as a learner's step (checkWrittenReply, pickWrittenBranch, with the
// library's pitfall lexicon), and nothing is stored. The node comes from the preview the trainer
// holds, a stored role-play or the editor's draft, so its patterns are compiled first and a
// pattern that does not compile is a 400 naming it rather than an error in the checks.

export interface WrittenTryout {
  findings: WrittenFindings
  /** The branch the reply would take: the first whose `when` holds. */
  branch: { id: string, next: string }
  /** Pitfall ids the node avoids that the lexicon does not define (the checker reports them too). */
  unknownPitfalls: string[]
}

export function tryWrittenReply(body: WrittenCheckBody, library: ContentLibrary): WrittenTryout {
  const { lexicon } = library.written
  body.written.expect.forEach((move, m) => move.patterns.forEach((pattern, p) => {
    const problem = patternProblem(pattern, lexicon.words)
    if (problem) throw invalidField('body', `written.expect.${m}.patterns.${p}`, `"${pattern}" ${problem}`)
  }))
  // The checks read only these fields of the node; the rest (examples, scorecard) stays unused.
  const spec = { ...body.written, example: '', good: [], bad: [], scorecard: [] } as WrittenReply
  const findings = checkWrittenReply(spec, lexicon, cleanReply(body.text))
  const branch = pickWrittenBranch(body.branches as ScenarioChoice[], findings)
  return {
    findings: writtenStepView({ ...findings, example: '' }, library),
    branch: { id: branch.id, next: branch.next },
    unknownPitfalls: body.written.avoid.filter(id => !lexicon.pitfalls.some(p => p.id === id)),
  }
}
