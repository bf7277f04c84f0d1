import { describe, expect, it } from 'vitest'
import { checkContent, formatContentError } from '../../server/domain/content/content-library'
import { readContentFolder } from '../../server/domain/content/content-folder'
import { checkWrittenReply, failedChecks, pickWrittenBranch } from '../../server/domain/scenario/written-checks'

// Every written node in content/ with its good and bad example replies (the fixtures kept in
// the file): each good one passes every check, each bad one fails for the reasons it lists.
const files = readContentFolder('content')
const { library } = checkContent(files)
const lexicon = library.written.lexicon
const nodes = [...library.scenarios.values()].flatMap(({ definition }) =>
  Object.entries(definition.nodes).filter(([, n]) => n.written).map(([id, node]) => ({ scenario: definition.id, id, node, spec: node.written! })))

describe('written nodes in content/', () => {
  it('has written nodes, each with at least five good and five bad examples', () => {
    expect(nodes.length).toBeGreaterThanOrEqual(1)
    for (const { spec } of nodes) {
      expect(spec.good.length).toBeGreaterThanOrEqual(5)
      expect(spec.bad.length).toBeGreaterThanOrEqual(5)
    }
  })

  const good = nodes.flatMap(n => [n.spec.example, ...n.spec.good].map(text => [`${n.scenario}.${n.id}`, text, n] as const))
  it.each(good)('%s: the good reply %j passes every check and takes the best branch', (_, text, { node, spec }) => {
    const findings = checkWrittenReply(spec, lexicon, text)
    expect(failedChecks(findings)).toEqual([])
    expect(findings.length.over).toBe(false)
    expect(pickWrittenBranch(node.choices, findings).id).toBe(node.choices[0]!.id)
  })

  const bad = nodes.flatMap(n => n.spec.bad.map(b => [`${n.scenario}.${n.id}`, b.text, b.fails, n] as const))
  it.each(bad)('%s: the bad reply %j fails for the stated reasons and takes a weaker branch', (_, text, fails, { node, spec }) => {
    const findings = checkWrittenReply(spec, lexicon, text)
    expect(failedChecks(findings)).toEqual(expect.arrayContaining(fails))
    expect(pickWrittenBranch(node.choices, findings).id).not.toBe(node.choices[0]!.id)
  })
})

describe('the content checker on written nodes', () => {
  const file = 'scenarios/delayed-order-email.yml'
  const errorsAfter = (edit: (text: string) => string) => {
    const edited = new Map(files)
    edited.set(file, edit(files.get(file)!))
    return checkContent(edited).errors.map(formatContentError).filter(e => e.includes('written') || e.includes('when'))
  }

  it('reports a pattern that does not compile and a pitfall the lexicon lacks', () => {
    const errors = errorsAfter(text => text
      .replace('        - (three|3) times\n', '        - (three|3 times\n')
      .replace('avoid: [bare-dont-know,', 'avoid: [no-such-pitfall, bare-dont-know,'))
    expect(errors).toEqual([
      expect.stringMatching(/nodes\.open\.written\.expect\.0\.patterns\.0: the pattern "\(three\|3 times" has unbalanced \(\)/),
      expect.stringMatching(/nodes\.open\.written\.avoid\.0: names pitfall "no-such-pitfall", which content\/written-pitfalls\.yml does not define/),
    ])
  }, 30_000)

  it('reports a bad example the checks pass and an example reply that fails its own checks', () => {
    expect(errorsAfter(text => text.replace('        fails: [next-contact]', '        fails: [next-contact, calm-down]')))
      .toEqual([expect.stringMatching(/nodes\.open\.written\.bad\.5: the bad example .* should fail calm-down but the checks do not find that/)])
    expect(errorsAfter(text => text.replace('I will email you by 1pm today', 'I will email you later')))
      .toEqual([expect.stringMatching(/nodes\.open\.written\.example: the example reply fails its own checks: next-contact/)])
  }, 30_000)

  it('requires a when on every branch but the last, and at least five examples of each kind', () => {
    const errors = errorsAfter(text => text.replace('      when: {pitfalls: any}\n', ''))
    expect(errors).toEqual([expect.stringMatching(/nodes\.open\.choices\.1\.when: every branch but the last needs a when/)])
    const fewer = checkContent(new Map(files).set(file, files.get(file)!
      .replace(/ {6}- text: I don't know when[\s\S]*?fails: \[acknowledge, next-contact, bare-dont-know\]\n/, '')
      .replace(/ {6}- text: Dear Ms Desai, I'm sorry you've had to write three times\. Unfortunately[\s\S]*?fails: \[next-contact\]\n/, '')))
    expect(fewer.errors.map(formatContentError)).toEqual(expect.arrayContaining([expect.stringMatching(/nodes\.open\.written\.bad: keep at least five bad example replies/)]))
  }, 30_000)
})
