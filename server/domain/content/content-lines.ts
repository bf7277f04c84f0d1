import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'

// Where in a file a checker finding belongs: the line of the field it names
// (questions.2.options → the line of that question's `options:` key), so the editor
// can show it in place. Pure.

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length

/** The 1-based line of `field` in `text` (a .md lesson or a .yml file); the nearest enclosing field when it is missing. */
export function fieldLine(path: string, text: string, field: string, message = ''): number {
  let yamlText = text
  let offset = 0
  if (path.endsWith('.md')) {
    const match = FRONTMATTER.exec(text)
    if (!match) return 1
    if (field === 'body') return Math.min(lineAt(text, match[0].length) + 1, text.split('\n').length)
    yamlText = match[1]!
    offset = 1
  }
  // The YAML reader's own position: "… at line 13, column 13".
  const reported = /at line (\d+), column \d+/.exec(message)
  if (reported) return Number(reported[1]) + offset
  if (!field) return 1 + offset

  const counter = new LineCounter()
  const doc = parseDocument(yamlText, { lineCounter: counter })
  let node = doc.contents as Node | null
  let line = 1
  for (const segment of field.split('.')) {
    if (isMap(node)) {
      const pair = node.items.find(p => isScalar(p.key) && String(p.key.value) === segment)
      if (!pair) break
      if (isScalar(pair.key) && pair.key.range) line = counter.linePos(pair.key.range[0]).line
      node = pair.value as Node | null
    }
    else if (isSeq(node) && /^\d+$/.test(segment)) {
      const item = node.items[Number(segment)] as Node | undefined
      if (!item?.range) break
      line = counter.linePos(item.range[0]).line
      node = item
    }
    else break
  }
  return line + offset
}
