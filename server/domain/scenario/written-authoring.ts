import type { ScenarioDefinition, WrittenLexicon } from '../../../shared/schemas/content.ts'
import type { ContentLibrary } from '../content/content-library.ts'
import { checkWrittenReply, failedChecks, patternProblem, pickWrittenBranch } from './written-checks.ts'

// What the content checker proves about written nodes and the shared pitfall lexicon: every
// pattern compiles, every check has feedback, the example reply passes its own checks and
// takes the best branch, each good example passes and each bad example fails for the reasons
// it lists. The checker runs the same functions the server grades with.

type Report = (file: string, field: string, message: string) => void

const total = (scores: Record<string, number | undefined>) => Object.values(scores).reduce<number>((a, b) => a + (b ?? 0), 0)
const clip = (text: string) => text.length > 60 ? `${text.slice(0, 57)}…` : text

function checkLexicon(library: ContentLibrary, error: Report) {
  const { file, lexicon } = library.written
  const lessons = new Set(library.lessons.map(l => `${l.course}/${l.slug}`))
  for (const [name, group] of Object.entries(lexicon.words)) {
    group.forEach((p, i) => {
      if (p.includes('$')) error(file, `words.${name}.${i}`, 'a word group cannot use another group')
      else {
        const problem = patternProblem(p, {})
        if (problem) error(file, `words.${name}.${i}`, `the pattern "${p}" ${problem}`)
      }
    })
  }
  lexicon.pitfalls.forEach((pitfall, i) => {
    if (library.lessons.length && !lessons.has(pitfall.lesson)) error(file, `pitfalls.${i}.lesson`, `names lesson "${pitfall.lesson}", which does not exist`)
    for (const key of ['patterns', 'unless'] as const) {
      pitfall[key].forEach((p, j) => {
        const problem = patternProblem(p, lexicon.words)
        if (problem) error(file, `pitfalls.${i}.${key}.${j}`, `the pattern "${p}" ${problem}`)
      })
    }
  })
}

function checkNode(scenario: ScenarioDefinition, id: string, lexicon: WrittenLexicon, file: string, error: Report) {
  const node = scenario.nodes[id]!
  const at = `nodes.${id}`
  if (node.reply === 'written' && !node.written) return error(file, `${at}.written`, 'a node with reply: written needs a written block (the checks)')
  if (node.written && node.reply !== 'written') return error(file, `${at}.reply`, 'a node with a written block needs reply: written')
  if (!node.written) {
    node.choices.forEach((c, i) => {
      if (c.when) error(file, `${at}.choices.${i}.when`, 'only the branches of a written node have a when')
    })
    return
  }
  const spec = node.written
  const moveIds = new Set(spec.expect.map(m => m.id))
  const pitfallIds = new Set(lexicon.pitfalls.map(p => p.id))
  const checkIds = new Set([...moveIds, ...spec.avoid])
  let usable = true

  spec.expect.forEach((move, i) => {
    if (spec.expect.findIndex(m => m.id === move.id) !== i) error(file, `${at}.written.expect.${i}.id`, `duplicate move id "${move.id}"`)
    move.patterns.forEach((p, j) => {
      const problem = patternProblem(p, lexicon.words)
      if (problem) {
        usable = false
        error(file, `${at}.written.expect.${i}.patterns.${j}`, `the pattern "${p}" ${problem}`)
      }
    })
  })
  spec.avoid.forEach((p, i) => {
    if (!pitfallIds.has(p)) {
      usable = false
      error(file, `${at}.written.avoid.${i}`, `names pitfall "${p}", which content/written-pitfalls.yml does not define`)
    }
  })
  spec.scorecard.forEach((c, i) => {
    if (spec.scorecard.findIndex(x => x.id === c.id) !== i) error(file, `${at}.written.scorecard.${i}.id`, `duplicate criterion id "${c.id}"`)
    c.checks.forEach((check, j) => {
      if (!checkIds.has(check)) error(file, `${at}.written.scorecard.${i}.checks.${j}`, `names "${check}", which is neither a move in expect nor a pitfall in avoid`)
    })
  })

  // Branches: each but the last says when it follows, and only from this node's checks.
  node.choices.forEach((c, i) => {
    const last = i === node.choices.length - 1
    if (last && c.when) error(file, `${at}.choices.${i}.when`, 'the last branch of a written node is the default: leave out when')
    if (!last && !c.when) error(file, `${at}.choices.${i}.when`, 'every branch but the last needs a when (the moves found, or pitfalls none/any)')
    c.when?.moves.forEach((m, j) => {
      if (!moveIds.has(m)) error(file, `${at}.choices.${i}.when.moves.${j}`, `names move "${m}", which is not in expect`)
    })
  })
  if (node.choices.length < 2) error(file, `${at}.choices`, 'a written node needs at least two branches, so the customer reacts to what was written')
  if (!usable || node.choices.length < 2) return

  const best = Math.max(...node.choices.map(c => total(c.scores)))
  const example = checkWrittenReply(spec, lexicon, spec.example)
  const exampleFails = failedChecks(example)
  if (exampleFails.length) error(file, `${at}.written.example`, `the example reply fails its own checks: ${exampleFails.join(', ')}`)
  if (example.length.over) error(file, `${at}.written.example`, `the example reply is ${example.length.characters} characters, over the limit of ${spec.maxLength}`)
  else if (!exampleFails.length && total(pickWrittenBranch(node.choices, example).scores) < best) {
    error(file, `${at}.written.example`, 'the example reply passes every check but does not take the best-scoring branch')
  }
  spec.good.forEach((text, i) => {
    const fails = failedChecks(checkWrittenReply(spec, lexicon, text))
    if (fails.length) error(file, `${at}.written.good.${i}`, `the good example "${clip(text)}" fails: ${fails.join(', ')}`)
  })
  spec.bad.forEach((bad, i) => {
    bad.fails.forEach((f, j) => {
      if (!checkIds.has(f)) error(file, `${at}.written.bad.${i}.fails.${j}`, `names "${f}", which is neither a move in expect nor a pitfall in avoid`)
    })
    const fails = new Set(failedChecks(checkWrittenReply(spec, lexicon, bad.text)))
    const unmet = bad.fails.filter(f => checkIds.has(f) && !fails.has(f))
    if (unmet.length) error(file, `${at}.written.bad.${i}`, `the bad example "${clip(bad.text)}" should fail ${unmet.join(', ')} but the checks do not find that`)
  })
}

/** Checks every written node and the pitfall lexicon; reports like the rest of the checker. */
export function checkWrittenNodes(library: ContentLibrary, error: Report) {
  const used = [...library.scenarios.values()].some(s => Object.values(s.definition.nodes).some(n => n.written || n.reply))
  if (used && !library.written.lexicon.pitfalls.length) error(library.written.file, '', 'written nodes need content/written-pitfalls.yml (the shared pitfall lexicon)')
  if (library.written.lexicon.pitfalls.length) checkLexicon(library, error)
  for (const { definition, file } of library.scenarios.values()) {
    for (const id of Object.keys(definition.nodes)) checkNode(definition, id, library.written.lexicon, file, error)
  }
}
