import mongoose from 'mongoose'
import { send, setResponseHeader, setResponseStatus, type H3Event } from 'h3'
import type { EmbeddedDb } from './embedded-db'
import { databaseSchemaReady } from './db-schema'

export const DATABASE_UNAVAILABLE = 'The database is not reachable right now; your work has not been lost. Please try again in a few seconds.'

const CONNECTIVITY_ERRORS = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'PoolClearedError',
  'MongoPoolClearedError',
])

/** A write refused by a unique index: someone else created the same thing first. */
export const isDuplicateKey = (error: unknown) => (error as { code?: number } | undefined)?.code === 11000

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { name?: string, cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.name && CONNECTIVITY_ERRORS.has(e.name)) return true
  }
  return mongoose.connection.readyState !== mongoose.ConnectionStates.connected
}

let embedded: EmbeddedDb | undefined

/** The plugin hands over the embedded FerretDB it supervises, so requests can tell a known outage. */
export function watchEmbeddedDb(db: EmbeddedDb | undefined) {
  embedded = db
}

/** True while the embedded FerretDB is known to be down and being restarted: no point in trying. */
export const embeddedDbRestarting = () => embedded?.state() === 'restarting'

/**
 * Seconds a client should wait before retrying after a 503: while the embedded FerretDB is
 * being restarted, until just after its next attempt; for any other outage, a few seconds.
 */
export function databaseRetryAfter(): number {
  if (embeddedDbRestarting()) return Math.max(1, Math.ceil(embedded!.nextAttemptIn() / 1000) + 1)
  return 5
}

/** Answers 503 with Retry-After and the sentence people see for a database outage. */
export function sendDatabaseUnavailable(event: H3Event) {
  setResponseStatus(event, 503, 'Service Unavailable')
  setResponseHeader(event, 'retry-after', databaseRetryAfter())
  setResponseHeader(event, 'content-type', 'application/json')
  return send(event, JSON.stringify({ statusCode: 503, statusMessage: DATABASE_UNAVAILABLE }))
}

export type DatabaseState = 'up' | 'down'

/** Asks the server itself, so a dead connection is noticed within `timeoutMs`. */
export async function pingDatabase(timeoutMs = 1500): Promise<DatabaseState> {
  if (embeddedDbRestarting() || !databaseSchemaReady()) return 'down'
  const db = mongoose.connection.db
  if (!db || mongoose.connection.readyState !== mongoose.ConnectionStates.connected) return 'down'
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      db.command({ ping: 1 }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('ping timed out')), timeoutMs)
      }),
    ])
    return 'up'
  }
  catch {
    return 'down'
  }
  finally {
    clearTimeout(timer)
  }
}
