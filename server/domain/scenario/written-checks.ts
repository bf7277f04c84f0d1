import nlp from 'compromise'
import type { ScenarioChoice, WrittenLexicon, WrittenPitfall, WrittenReply } from '../../../shared/schemas/content.ts'
import type { PitfallFinding, ToneReport, WrittenFindings } from '../../../shared/types/learning.ts'

// The checks a written reply goes through, as pure functions: the moves a good reply makes
// (`expect`), the pitfalls it must avoid (the shared lexicon), the branch that follows and,
// for e-mails and letters, length and readability against the written-tone guide.
//
// Word forms come from compromise: `{apologise}` matches apologised, apologising… A `not`,
// `never` or `n't` earlier in the same clause cancels a match ("I'm not sorry" is no apology,
// "I won't tell you to calm down" no pitfall); a pitfall's `unless` context later in the same
// sentence or in the next one cancels it too ("I don't know yet, but I'll find out by 3 pm").

/** At most this much of a reply is analysed (the rest is stored and shown, not parsed): it bounds a request's cost. */
export const ANALYSED_LIMIT = 2000
/** The most a learner may send; longer replies are refused before anything is stored. */
export const REPLY_HARD_LIMIT = 10_000
/** A $group in a pattern expands into one pattern per word: at most this many. */
const EXPANSION_LIMIT = 64

/** Keeps the text a person typed: Unicode-normalised, line ends unified, control characters other than tab and newline removed. */
export function cleanReply(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '').trim()
}

/** A pattern's word groups expanded: `will $contact you` → `will {call} you`, `will {ring} you`, … */
export function expandPattern(pattern: string, words: WrittenLexicon['words']): string[] {
  const match = /\$([a-z0-9-]+)/.exec(pattern)
  if (!match) return [pattern]
  const group = words[match[1]!]
  if (!group) throw new Error(`uses word group $${match[1]}, which content/written-pitfalls.yml does not define`)
  const out: string[] = []
  for (const word of group) {
    for (const rest of expandPattern(pattern.slice(0, match.index) + word + pattern.slice(match.index + match[0].length), words)) {
      out.push(rest)
      if (out.length > EXPANSION_LIMIT) throw new Error(`expands into more than ${EXPANSION_LIMIT} patterns; split it`)
    }
  }
  return out
}

/** Why a pattern cannot be used, or undefined when it compiles. */
export function patternProblem(pattern: string, words: WrittenLexicon['words']): string | undefined {
  let expanded: string[]
  try {
    expanded = expandPattern(pattern, words)
  }
  catch (e) {
    return (e as Error).message
  }
  for (const p of expanded) {
    const pairs: [string, string][] = [['(', ')'], ['{', '}'], ['[', ']']]
    for (const [open, close] of pairs) {
      let depth = 0
      for (const ch of p) {
        if (ch === open) depth++
        if (ch === close) depth--
        if (depth < 0 || depth > 1) return `has unbalanced ${open}${close}`
      }
      if (depth !== 0) return `has unbalanced ${open}${close}`
    }
    // compromise ignores {root} forms inside (a|b): say so instead of never matching.
    if (/\([^)]*\{/.test(p)) return 'puts a {word} form inside ( | ), where compromise does not match word forms; use a $group or separate patterns'
    if (!/[a-z0-9#]/i.test(p)) return 'matches no word'
    try {
      if (!nlp.parseMatch(p).length) return 'matches nothing'
    }
    catch (e) {
      return `does not compile: ${(e as Error).message}`
    }
  }
  return undefined
}

interface Term { text: string, post: string, tags: Set<string>, index: [number, number], offset?: { start: number, length: number } }
interface Parsed { text: string, doc: ReturnType<typeof nlp>, sentences: Term[][] }

function parse(text: string): Parsed {
  const doc = nlp(text)
  doc.compute('root')
  doc.compute('offset')
  return { text, doc, sentences: (doc as unknown as { document: Term[][] }).document }
}

const NEGATIONS = new Set(['not', 'never', 'no', 'nobody', 'nothing', 'cannot', 'neither', 'nor'])
const isNegative = (t: Term) => t.tags.has('Negative') || NEGATIONS.has(t.text.toLowerCase())
const endsClause = (t: Term) => /[,;:–—]/.test(t.post) || /^(but|although|though|however)$/i.test(t.text)

/** Whether a negative word comes before term `at` in the same clause of sentence `s`. */
function negated(parsed: Parsed, s: number, at: number): boolean {
  const terms = parsed.sentences[s] ?? []
  for (let i = at - 1; i >= 0; i--) {
    const t = terms[i]!
    if (endsClause(t)) return false
    if (isNegative(t)) return true
  }
  return false
}

interface Hit { sentence: number, start: number, end: number, quote: string }

const compiled = new Map<string, ReturnType<typeof nlp.parseMatch>>()
function compile(pattern: string) {
  let net = compiled.get(pattern)
  if (!net) {
    net = nlp.parseMatch(pattern)
    if (compiled.size > 5000) compiled.clear()
    compiled.set(pattern, net)
  }
  return net
}

/** Every match of the patterns, with where it is and the words it matched. */
function hits(parsed: Parsed, patterns: string[], words: WrittenLexicon['words']): Hit[] {
  const out: Hit[] = []
  for (const pattern of patterns) {
    for (const p of expandPattern(pattern, words)) {
      const view = parsed.doc.match(compile(p)) as unknown as { docs: Term[][] }
      for (const terms of view.docs) {
        const first = terms[0]!
        const last = terms.at(-1)!
        const from = first.offset?.start ?? 0
        const to = last.offset ? last.offset.start + last.offset.length : from
        out.push({ sentence: first.index[0], start: first.index[1], end: last.index[1], quote: parsed.text.slice(from, to).replace(/[\s,.;:!?]+$/, '') })
      }
    }
  }
  return out.sort((a, b) => a.sentence - b.sentence || a.start - b.start)
}

function pitfallHit(parsed: Parsed, pitfall: WrittenPitfall, words: WrittenLexicon['words']): Hit | undefined {
  const context = pitfall.unless.length ? hits(parsed, pitfall.unless, words) : []
  return hits(parsed, pitfall.patterns, words).find(hit =>
    !negated(parsed, hit.sentence, hit.start)
    && !context.some(c => (c.sentence === hit.sentence && c.start > hit.end) || c.sentence === hit.sentence + 1))
}

/** Length and readability for e-mails and letters, against the written-tone guide (service-channels/tone-in-email-and-chat). */
function tone(parsed: Parsed, document: WrittenReply['document']): ToneReport | null {
  if (document !== 'email' && document !== 'letter') return null
  const counted = parsed.sentences.map(s => s.filter(t => /[\p{L}\p{N}]/u.test(t.text)).length).filter(n => n > 0)
  const words = counted.reduce((a, b) => a + b, 0)
  const sentences = counted.length
  const wordsPerSentence = sentences ? Math.round((words / sentences) * 10) / 10 : 0
  const longestSentence = Math.max(0, ...counted)
  const exclamations = (parsed.text.match(/!/g) ?? []).length
  const shouting = [...new Set(parsed.text.match(/\b[A-Z]{4,}\b/g) ?? [])].slice(0, 5)
  const notes: string[] = []
  if (wordsPerSentence > 20) notes.push(`Sentences average ${wordsPerSentence} words; keep them under 20 so the reply reads easily.`)
  if (longestSentence > 35) notes.push(`One sentence runs to ${longestSentence} words; split it.`)
  if (exclamations > (document === 'letter' ? 0 : 1)) notes.push(`${exclamations} exclamation mark${exclamations === 1 ? '' : 's'}: ${document === 'letter' ? 'none in a letter answering a complaint' : 'one at most in an e-mail'}.`)
  if (shouting.length) notes.push(`Capitals read as shouting: ${shouting.join(', ')}.`)
  if (words < 40) notes.push(`Only ${words} words: ${document === 'email' ? 'an e-mail' : 'a letter'} needs an opening, the answer, the next step and a named sign-off.`)
  return { words, sentences, wordsPerSentence, longestSentence, exclamations, shouting, notes }
}

/** Runs a written node's checks on a reply. Only the first ANALYSED_LIMIT characters are parsed. */
export function checkWrittenReply(spec: WrittenReply, lexicon: WrittenLexicon, reply: string): WrittenFindings {
  const text = cleanReply(reply)
  const parsed = parse(text.slice(0, ANALYSED_LIMIT))
  const moves = spec.expect.map((move) => {
    const hit = hits(parsed, move.patterns, lexicon.words).find(h => !negated(parsed, h.sentence, h.start))
    return { id: move.id, move: move.move, found: Boolean(hit), quote: hit?.quote ?? null, feedback: hit ? move.found : move.missing }
  })
  const pitfalls: PitfallFinding[] = []
  for (const id of spec.avoid) {
    const pitfall = lexicon.pitfalls.find(p => p.id === id)
    if (!pitfall) continue
    const hit = pitfallHit(parsed, pitfall, lexicon.words)
    if (hit) pitfalls.push({ id, title: pitfall.title, quote: hit.quote, feedback: pitfall.feedback, lesson: pitfall.lesson })
  }
  return {
    moves,
    pitfalls,
    length: { characters: text.length, limit: spec.maxLength, over: text.length > spec.maxLength },
    tone: tone(parsed, spec.document),
  }
}

/** The branch that follows: the first choice whose `when` holds (the last has none). */
export function pickWrittenBranch(choices: ScenarioChoice[], findings: WrittenFindings): ScenarioChoice {
  const found = new Set(findings.moves.filter(m => m.found).map(m => m.id))
  const fell = findings.pitfalls.length > 0
  return choices.find((c) => {
    if (!c.when) return true
    if (c.when.pitfalls === 'none' && fell) return false
    if (c.when.pitfalls === 'any' && !fell) return false
    return c.when.moves.every(m => found.has(m))
  }) ?? choices.at(-1)!
}

/** The ids a reply fails on: moves missing and pitfalls found (what a bad example lists in `fails`). */
export function failedChecks(findings: WrittenFindings): string[] {
  return [...findings.moves.filter(m => !m.found).map(m => m.id), ...findings.pitfalls.map(p => p.id)]
}
