import type { Model } from 'mongoose'
import { allModels } from '../models'

// Every collection and index exists before the app serves a request. Left to Mongoose
// (autoCreate/autoIndex), each model creates its collection and indexes when its module is
// first loaded, which in the built app is when the first request that needs it arrives: on a
// fresh FerretDB, concurrent first sign-ins then wrote to a collection while another
// connection was creating it, and some failed with "no such table". Created here one at a
// time at start-up instead; /api/health and every API request answer 503 until it is done.
//
// TTL indexes: FerretDB 1.24 refuses the `expireAfterSeconds` option ("not implemented yet",
// code 238); Mongoose's autoIndex used to fail on it silently, leaving no index at all. Where
// the server refuses it, the same index is created without the option. Nothing depends on the
// TTL for correctness: sessions and sign-in throttles are checked against their expiry when read
// (a throttle window is part of its `_id`), and the hourly sweep (server/plugins/database.ts)
// deletes what is over. On MongoDB the TTL index is created as declared and removes them too.

let ready = false
let markReady: () => void
const readyPromise = new Promise<void>((resolve) => {
  markReady = resolve
})

/** True once every collection and index has been created (or found). */
export const databaseSchemaReady = () => ready

/** Settles once every collection and index has been created (or found): work that needs the database waits here. */
export const whenDatabaseSchemaReady = () => readyPromise

const NAMESPACE_EXISTS = 48
const NOT_IMPLEMENTED = 238

const code = (error: unknown) => (error as { code?: number } | undefined)?.code

/** Creates the model's collection and indexes; returns the TTL indexes created without their TTL. */
async function ensureModel(model: Model<unknown>): Promise<string[]> {
  const withoutTtl: string[] = []
  try {
    await model.createCollection()
  }
  catch (error) {
    if (code(error) !== NAMESPACE_EXISTS) throw error
  }
  for (const [fields, declared] of model.schema.indexes()) {
    const { _autoIndex, ...options } = declared as Record<string, unknown>
    try {
      await model.collection.createIndex(fields as Record<string, 1 | -1>, options)
    }
    catch (error) {
      if (code(error) !== NOT_IMPLEMENTED || options.expireAfterSeconds === undefined) throw error
      const { expireAfterSeconds: _ttl, ...plain } = options
      await model.collection.createIndex(fields as Record<string, 1 | -1>, plain)
      withoutTtl.push(`${model.collection.collectionName}.${Object.keys(fields).join('_')}`)
    }
  }
  return withoutTtl
}

/** Creates every model's collection and indexes, one after another; safe to repeat. */
export async function ensureDatabaseSchema(log: (line: string) => void = () => {}) {
  const withoutTtl: string[] = []
  for (const model of allModels) withoutTtl.push(...await ensureModel(model as Model<unknown>))
  if (withoutTtl.length) log(`this database has no TTL indexes: ${withoutTtl.join(', ')} indexed without expiry; expired documents are swept hourly`)
  ready = true
  markReady()
}
