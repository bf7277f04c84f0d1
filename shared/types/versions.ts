// How the trainer pages name a content version (server/domain/content/content-versions.ts).

/**
 * A content version as a trainer reads it: its place in the order Rapport first saw the item's
 * versions (1 for the first) and when that was. Both are null for a version taken by learners
 * before Rapport recorded versions, and no longer current.
 */
export interface VersionLabel { version: string, ordinal: number | null, firstSeen: string | Date | null }
