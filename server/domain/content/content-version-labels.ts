import type { VersionLabel } from '../../../shared/types/versions'
import type { ContentStatus } from './content-store'

// The pure half of content-versions.ts: which log key each content item has, and how its
// versions are numbered ("Version 3") from the dates they were first seen.

export interface VersionSeen { version: string, firstSeen: Date }

/** The log's key for each loaded content item, with its current version. Pure. */
export function contentItemVersions(status: Pick<ContentStatus, 'library' | 'fileVersions'>): { key: string, version: string }[] {
  const { library, fileVersions } = status
  const byFile = (file: string) => fileVersions.get(file) ?? ''
  return [
    ...[...library.courses.values()].map(c => ({ key: courseVersionKey(c.slug), version: byFile(c.file) })),
    ...library.lessons.map(l => ({ key: lessonVersionKey(l.course, l.slug), version: byFile(l.file) })),
    ...[...library.quizzes.values()].map(q => ({ key: quizVersionKey(q.definition.id), version: q.version })),
    ...[...library.scenarios.values()].map(s => ({ key: scenarioVersionKey(s.definition.id), version: s.version })),
    ...[...library.paths.values()].map(p => ({ key: pathVersionKey(p.definition.id), version: p.version })),
  ].filter(item => item.version)
}

export const courseVersionKey = (slug: string) => `course:${slug}`
export const lessonVersionKey = (course: string, slug: string) => `lesson:${course}/${slug}`
export const quizVersionKey = (id: string) => `quiz:${id}`
export const scenarioVersionKey = (id: string) => `scenario:${id}`
export const pathVersionKey = (id: string) => `path:${id}`

/**
 * Numbers an item's versions in the order they were first seen (by date; the log's order breaks
 * a tie), 1 for the first. A version listed twice (two MongoDB-less processes racing on the
 * embedded database, which one process per data directory rules out) counts once, at its
 * earliest sighting. Pure.
 */
export function versionOrdinals(seen: readonly VersionSeen[]): Map<string, { ordinal: number, firstSeen: Date }> {
  const earliest = new Map<string, { firstSeen: Date, index: number }>()
  seen.forEach(({ version, firstSeen }, index) => {
    const at = new Date(firstSeen)
    const known = earliest.get(version)
    if (!known || at < known.firstSeen) earliest.set(version, { firstSeen: at, index: known?.index ?? index })
  })
  const ordered = [...earliest].sort(([, a], [, b]) => a.firstSeen.getTime() - b.firstSeen.getTime() || a.index - b.index)
  return new Map(ordered.map(([version, { firstSeen }], i) => [version, { ordinal: i + 1, firstSeen }]))
}

/** The label of one version of an item, from its log (null ordinal and date when the log lacks it). Pure. */
export function versionLabel(seen: readonly VersionSeen[] | undefined, version: string): VersionLabel {
  const known = versionOrdinals(seen ?? []).get(version)
  return { version, ordinal: known?.ordinal ?? null, firstSeen: known?.firstSeen ?? null }
}
