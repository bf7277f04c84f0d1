import { ContentVersionModel } from '../../models/content-version'
import { forWrites } from '../../utils/db-engine'
import { isDuplicateKey } from '../../utils/db'
import { whenDatabaseSchemaReady } from '../../utils/db-schema'
import type { ContentStatus } from './content-store'
import type { VersionLabel } from '../../../shared/types/versions'
import { contentItemVersions, quizVersionKey, scenarioVersionKey, versionLabel, type VersionSeen } from './content-version-labels'

// When Rapport first saw each version of each content item, so trainers read
// "Version 3 · 2 Dec 2026" rather than a hash. A content version is a hash of the file or of the
// parsed definition (content-library.ts): it has no date of its own, and neither Git (absent from
// a production build) nor a file's mtime (a fresh clone's checkout time) gives a true one. So the
// date is the first time any app process loaded that version, kept in the database: one document
// per item (`contentversions`, by _id), each version added once and never changed
// (docs/decisions.md, "Content versions are dated by first sighting").

/**
 * Records that `version` of `key` was seen at `at`, unless it was seen before. Atomic on MongoDB
 * with any number of processes: a $push whose filter says the version is absent, or, for an item
 * never seen, an insert guarded by the unique _id; the loser of that insert pushes again, which
 * adds the version or finds it there. Returns whether this call added it.
 */
export async function noteVersionSeen(key: string, version: string, at: Date): Promise<boolean> {
  const model = forWrites(ContentVersionModel)
  const push = () => model.updateOne({ '_id': key, 'versions.version': { $ne: version } }, { $push: { versions: { version, firstSeen: at } } })
  if ((await push()).matchedCount) return true
  try {
    await model.create({ _id: key, versions: [{ version, firstSeen: at }] })
    return true
  }
  catch (error) {
    if (!isDuplicateKey(error)) throw error
  }
  // The document exists now (they are never deleted): the version is either added here or already there.
  return (await push()).matchedCount > 0
}

/** Every item's log: one small document per content item, so reading them all is cheap. */
export async function readVersionLogs(): Promise<Map<string, VersionSeen[]>> {
  const docs = await ContentVersionModel.find({}).lean()
  return new Map(docs.map(d => [d._id, d.versions.map(v => ({ version: v.version, firstSeen: v.firstSeen }))]))
}

/** One item's log, by _id. */
export async function readVersionLog(key: string): Promise<VersionSeen[]> {
  const doc = await ContentVersionModel.findById(key).lean()
  return doc?.versions.map(v => ({ version: v.version, firstSeen: v.firstSeen })) ?? []
}

// Versions this process has recorded (or found recorded): each is written at most once per
// process. A cache of work done, not a source of truth: a process that forgets it asks again.
const noted = new Set<string>()
const noting = new Map<string, Promise<void>>()

/**
 * Records the first sighting of every loaded item's current version: called when the library is
 * loaded and before a trainer page reads the log. One read of the log, then one write per
 * version the log lacks; concurrent callers in one process share the work.
 */
export async function noteContentVersions(status: Pick<ContentStatus, 'library' | 'fileVersions'>, now = new Date()): Promise<void> {
  const fresh = contentItemVersions(status).filter(item => !noted.has(`${item.key}@${item.version}`))
  if (!fresh.length) return
  const id = fresh.map(item => `${item.key}@${item.version}`).join('|')
  const running = noting.get(id)
  if (running) return running
  const work = (async () => {
    const logs = await readVersionLogs()
    for (const item of fresh) {
      if (!logs.get(item.key)?.some(v => v.version === item.version)) await noteVersionSeen(item.key, item.version, now)
      noted.add(`${item.key}@${item.version}`)
    }
  })().finally(() => noting.delete(id))
  noting.set(id, work)
  return work
}

/**
 * After the library is loaded: records its versions once the database is ready (at start-up the
 * library may be parsed before the connection is up). Never fails the load; a version missed
 * here is recorded when a trainer page next reads the log.
 */
export function noteContentVersionsSoon(status: Pick<ContentStatus, 'library' | 'fileVersions'>, now = new Date()) {
  whenDatabaseSchemaReady()
    .then(() => noteContentVersions(status, now))
    .catch(error => console.warn(`[content] versions not recorded yet: ${(error as Error).message}`))
}

/** Every item's log, after recording the loaded versions (so the current ones always have a date). */
export async function contentVersionLogs(status: Pick<ContentStatus, 'library' | 'fileVersions'>): Promise<Map<string, VersionSeen[]>> {
  await noteContentVersions(status)
  return readVersionLogs()
}

/**
 * Labels a list of one item's versions ("Version 2", first seen …), after making sure its current
 * version is recorded: one read by _id, and a write only if the log lacks the current version.
 */
export async function labelVersions<T extends { version: string }>(key: string, current: string, versions: T[], now = new Date()): Promise<(T & { label: VersionLabel })[]> {
  let log = await readVersionLog(key)
  if (!log.some(v => v.version === current)) {
    await noteVersionSeen(key, current, now)
    log = await readVersionLog(key)
  }
  noted.add(`${key}@${current}`)
  return versions.map(v => ({ ...v, label: versionLabel(log, v.version) }))
}

/**
 * The label of each earlier version that pieces of work were done on ("Version 1 · 1 Dec 2026"),
 * by `key@version`; work on the current version is left out. One read by _id per item.
 */
export async function earlierVersionLabels(work: { key: string, version: string, current: boolean }[]): Promise<Map<string, VersionLabel>> {
  const earlier = work.filter(w => !w.current)
  const keys = [...new Set(earlier.map(w => w.key))]
  const logs = new Map(await Promise.all(keys.map(async key => [key, await readVersionLog(key)] as const)))
  return new Map(earlier.map(w => [`${w.key}@${w.version}`, versionLabel(logs.get(w.key), w.version)]))
}

/** The earlier version one quiz attempt or role-play run was done on, or null when it is the current one. */
export async function earlierVersionOf(kind: 'quiz' | 'scenario', id: string, version: string, current: string): Promise<VersionLabel | null> {
  if (version === current) return null
  return versionLabel(await readVersionLog(kind === 'quiz' ? quizVersionKey(id) : scenarioVersionKey(id)), version)
}
