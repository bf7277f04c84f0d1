// The words of a certificate, the same on its page and in its PDF.

/**
 * The sentence after the holder's name. The path's title is quoted as a name, so it reads
 * right whatever the title is ("New staff essentials", "Returns", "The Acme way."), with no
 * article or noun that a title might already carry.
 */
export function completionSentence(pathTitle: string) {
  const title = pathTitle.trim().replace(/[.!?;:,\s]+$/u, '')
  return `has completed the learning path “${title}”.`
}
