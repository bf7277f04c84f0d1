import mongoose from 'mongoose'

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

export type DatabaseState = 'up' | 'down'

/** Asks the server itself, so a dead connection is noticed within `timeoutMs`. */
export async function pingDatabase(timeoutMs = 1500): Promise<DatabaseState> {
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
