import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { WrittenLexicon, type ScenarioDefinition, type WrittenReply } from '../../shared/schemas/content'
import { applyReply, presentNode } from '../../server/domain/scenario/scenario-engine'
import { checkWrittenReply, cleanReply, expandPattern, failedChecks, patternProblem, pickWrittenBranch } from '../../server/domain/scenario/written-checks'

// The written-reply checks against the real pitfall lexicon in content/.
const lexicon = WrittenLexicon.parse(parse(readFileSync('content/written-pitfalls.yml', 'utf8')))

const spec: WrittenReply = {
  document: 'email',
  maxLength: 1500,
  expect: [
    { id: 'apologise', move: 'Apologise for the delay', patterns: ['{apologise}', '{apologize}', 'sorry'], found: 'You apologised.', missing: 'Say sorry for the delay.' },
    { id: 'next-step', move: 'Say what you will do and by when', patterns: ['i will $contact', 'we will $contact', 'by #Date', 'by #Time'], found: 'You said when.', missing: 'Say what happens next and when.' },
  ],
  avoid: ['bare-dont-know', 'calm-down', 'policy-wall', 'blame', 'sarcasm'],
  example: 'Dear Ms Shah, I am sorry your order is late. I will ring you by Friday.',
  good: [], bad: [], scorecard: [],
}
const check = (text: string) => checkWrittenReply(spec, lexicon, text)
const pitfallIds = (text: string) => check(text).pitfalls.map(p => p.id)
const found = (text: string) => check(text).moves.filter(m => m.found).map(m => m.id)

describe('written-reply checks', () => {
  it.each([
    ['I don\'t know yet, but I\'ll find out by 3 pm.', []],
    ['I don\'t know. I will check with the warehouse and ring you on Friday.', []],
    ['I\'m not sure, so I\'ll ask my manager.', []],
    ['I don\'t know.', ['bare-dont-know']],
    ['I dont know what happened to it.', ['bare-dont-know']],
    ['Honestly, I have no idea.', ['bare-dont-know']],
    ['Please calm down.', ['calm-down']],
    ['I won\'t tell you to calm down; you have every reason to be cross.', []],
    ['It\'s company policy.', ['policy-wall']],
    ['That is simply our policy.', ['policy-wall']],
    ['It\'s company policy, but what I can do is send a new one today.', []],
    ['You should have read the terms.', ['blame']],
    ['It is not your fault at all.', []],
    ['That was the courier\'s fault.', ['blame']],
    ['I\'m sorry you feel that way.', ['sarcasm']],
  ])('flags %j as %j (negation and context taken into account)', (text, expected) => {
    expect(pitfallIds(text)).toEqual(expected)
  })

  it('quotes the words that matched, as the learner wrote them', () => {
    const result = check('Hello. I DON\'T KNOW, sorry.')
    expect(result.pitfalls[0]).toMatchObject({ id: 'bare-dont-know', quote: 'I DON\'T KNOW', lesson: 'service-pitfalls/saying-i-dont-know' })
    expect(result.moves.find(m => m.id === 'apologise')).toMatchObject({ found: true, quote: 'sorry', feedback: 'You apologised.' })
  })

  it.each([
    ['We apologised for the mix-up.', ['apologise']],
    ['We are apologising for the mix-up.', ['apologise']],
    ['We apologize for the mix-up.', ['apologise']],
    ['I rang the courier and I will call you back by Friday.', ['next-step']],
    ['I will be phoning you tomorrow.', []],
    ['I\'ll email you by tomorrow.', ['next-step']],
    ['We will update you by 3pm.', ['next-step']],
    ['I am not sorry about this.', []],
  ])('finds the moves in %j through word forms and synonyms', (text, moves) => {
    expect(found(text)).toEqual(moves)
  })

  it('counts a move only when it is not negated in its clause', () => {
    expect(found('I will never call you.')).toEqual([])
    expect(found('I can\'t promise much, but I will call you by Friday.')).toEqual(['next-step'])
  })

  it('branches on the moves found: the first branch whose when holds, the last as default', () => {
    const choices = [
      { id: 'pitfall', text: 'A reply with a pitfall', next: 'a', feedback: 'Pitfall.', scores: {}, when: { moves: [], pitfalls: 'any' as const } },
      { id: 'both', text: 'Apology and a time', next: 'b', feedback: 'Both.', scores: { empathy: 2 }, when: { moves: ['apologise', 'next-step'] } },
      { id: 'sorry', text: 'Apology only', next: 'c', feedback: 'Sorry only.', scores: { empathy: 1 }, when: { moves: ['apologise'], pitfalls: 'none' as const } },
      { id: 'none', text: 'Neither', next: 'd', feedback: 'Neither.', scores: {} },
    ]
    expect(pickWrittenBranch(choices, check('Sorry. I will call you by Friday.')).id).toBe('both')
    expect(pickWrittenBranch(choices, check('So sorry about that.')).id).toBe('sorry')
    expect(pickWrittenBranch(choices, check('Sorry, but please calm down.')).id).toBe('pitfall')
    expect(pickWrittenBranch(choices, check('Thanks for writing.')).id).toBe('none')
  })

  it('reports length and readability for e-mails and letters only', () => {
    const long = `${'We have looked at this and we think that it is the case that the order went to the wrong depot and then it was sent on again to another depot and so it took longer, '.repeat(2)}SORRY!!!`
    const tone = check(long).tone!
    expect(tone.longestSentence).toBeGreaterThan(35)
    expect(tone.exclamations).toBe(3)
    expect(tone.shouting).toEqual(['SORRY'])
    expect(tone.notes.length).toBeGreaterThanOrEqual(3)
    expect(checkWrittenReply({ ...spec, document: 'chat' }, lexicon, long).tone).toBeNull()
    expect(check('a'.repeat(1600)).length).toEqual({ characters: 1600, limit: 1500, over: true })
  })

  it('checks hostile text (10,000 characters, markup, control characters, other scripts) quickly and without error', () => {
    const hostile = ('<script>alert("x")</script>\u0000\u0007 Ich weiß es nicht. 我不知道。 Ça va ? 🙂 I don\'t know. ').repeat(200).slice(0, 10_000)
    const started = performance.now()
    const result = check(hostile)
    const elapsed = performance.now() - started
    expect(result.pitfalls.map(p => p.id)).toContain('bare-dont-know')
    expect(result.length.characters).toBeLessThan(10_000)
    expect(cleanReply(hostile).includes('\u0000') || cleanReply(hostile).includes('\u0007')).toBe(false)
    // Only the first ANALYSED_LIMIT characters are parsed: a 10,000-character reply costs what a 2,000-character one does.
    expect(elapsed).toBeLessThan(3000)
  })

  it('expands word groups and reports patterns that cannot work', () => {
    expect(expandPattern('i will $contact', { contact: ['{call}', '{ring}'] })).toEqual(['i will {call}', 'i will {ring}'])
    expect(patternProblem('i will $nope', lexicon.words)).toMatch(/does not define/)
    expect(patternProblem('({call}|{ring})', {})).toMatch(/word forms/)
    expect(patternProblem('sorry (for', {})).toMatch(/unbalanced/)
    expect(patternProblem('{apologise} for the $fault', lexicon.words)).toBeUndefined()
  })

  it('lists what a reply fails on: moves missing and pitfalls found', () => {
    expect(failedChecks(check('I don\'t know.'))).toEqual(['apologise', 'next-step', 'bare-dont-know'])
    expect(failedChecks(check('Sorry, I will call you by Friday.'))).toEqual([])
  })
})

describe('written nodes in the engine', () => {
  const scenario: ScenarioDefinition = {
    id: 'w', title: 'Written', course: 'c', channel: 'electronic', summary: 'A written reply.', pitfalls: [],
    persona: { name: 'Ana', description: 'A customer', mood: 'cross' },
    passThresholds: { empathy: 1 }, review: 'after-pass', start: 'open',
    nodes: {
      open: {
        customer: 'Where is my order?', reply: 'written', written: spec,
        choices: [
          { id: 'good', text: 'A reply that apologises', next: 'happy', feedback: 'She softens.', scores: { empathy: 2 }, when: { moves: ['apologise'], pitfalls: 'none' } },
          { id: 'other', text: 'Any other reply', next: 'sad', feedback: 'She is still cross.', scores: {} },
        ],
      },
      happy: { outcome: 'Resolved.', result: 'resolved', choices: [] },
      sad: { outcome: 'Lost.', result: 'lost', choices: [] },
    },
  }

  it('shows a written node without its branches, checks or example reply', () => {
    const shown = presentNode(scenario, 'open')
    expect(shown).toEqual({ id: 'open', customer: 'Where is my order?', choices: [], written: { document: 'email', maxLength: 1500, prompt: null }, end: false })
    expect(JSON.stringify(shown)).not.toMatch(/apologise|I will ring you|She softens/)
  })

  it('applies written text by the moves found, and refuses a picked choice at a written node', () => {
    expect(applyReply(scenario, 'open', { text: 'So sorry for the wait.' }, lexicon)).toMatchObject({ next: 'happy', ended: true, reply: 'So sorry for the wait.', choice: { id: 'good' } })
    const other = applyReply(scenario, 'open', { text: 'Sorry, it\'s company policy.' }, lexicon)!
    expect(other.next).toBe('sad')
    expect(other.written!.pitfalls[0]).toMatchObject({ id: 'policy-wall', quote: 'it\'s company policy' })
    expect(other.written!.example).toBe(spec.example)
    expect(applyReply(scenario, 'open', { choice: 'good' }, lexicon)).toBeUndefined()
  })
})
