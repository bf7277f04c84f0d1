import type { Model } from 'mongoose'
import { allModels } from '../models'

// Every collection and index exists before the app serves a request. Left to Mongoose
// (autoCreate/autoIndex), each model creates its collection and indexes when its module is
// first loaded, which in the built app is when the first request that needs it arrives: on a
// fresh FerretDB, concurrent first sign-ins then wrote to a collection while another
// connection was creating it, and some failed with "no such table". Created here one at a
// time at start-up instead; /api/health and every API request answer 503 until it is done.

let ready = false

/** True once every collection and index has been created (or found). */
export const databaseSchemaReady = () => ready

const NAMESPACE_EXISTS = 48

async function ensureModel(model: Model<unknown>) {
  try {
    await model.createCollection()
  }
  catch (error) {
    if ((error as { code?: number }).code !== NAMESPACE_EXISTS) throw error
  }
  await model.createIndexes()
}

/** Creates every model's collection and indexes, one after another; safe to repeat. */
export async function ensureDatabaseSchema() {
  for (const model of allModels) await ensureModel(model as Model<unknown>)
  ready = true
}
