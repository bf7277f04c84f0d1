import mongoose, { type Connection, type Model } from 'mongoose'

// Which database engine the app talks to, and the adapters that follow from it.
//
// Every learning event is written as single-document operations whose filter carries
// the state it expects (docs/decisions.md, "Data rules"). MongoDB applies each of them
// atomically, so any number of app processes may share it with no lock at all.
// FerretDB 1.24 applies an update as read → change in Go → write, in two transactions,
// so two concurrent conditional updates of one document can both "win". Its adapter:
// every write of this process goes through one connection (maxPoolSize 1), which
// FerretDB serves one command at a time, so a conditional update is never concurrent
// with another write and gives the answer MongoDB would. Reads keep the ordinary pool.
// That holds within one app process: one app process per FerretDB database.
//
// The engine is FerretDB when the server says so (buildInfo.ferretdbVersion), which is
// always the case for the embedded database. RAPPORT_DATABASE_ENGINE=mongodb|ferretdb
// forces one (tests run the MongoDB code paths against FerretDB that way).

export type DatabaseEngine = 'mongodb' | 'ferretdb'

let engine: DatabaseEngine = 'mongodb'
let writer: Connection | undefined

async function detect(): Promise<DatabaseEngine> {
  const info = await mongoose.connection.db!.admin().command({ buildInfo: 1 })
  return 'ferretdbVersion' in info ? 'ferretdb' : 'mongodb'
}

/** Called once the main connection is up: picks the engine and opens the write connection on FerretDB. */
export async function configureDatabaseEngine(uri: string) {
  const forced = process.env.RAPPORT_DATABASE_ENGINE
  engine = forced === 'mongodb' || forced === 'ferretdb' ? forced : await detect()
  if (engine === 'ferretdb' && !writer) {
    writer = mongoose.createConnection(uri, {
      maxPoolSize: 1,
      minPoolSize: 1,
      // The collections and indexes exist already (server/utils/db-schema.ts, at start-up).
      autoCreate: false,
      autoIndex: false,
      serverSelectionTimeoutMS: 3000,
      heartbeatFrequencyMS: 1000,
    })
    await writer.asPromise()
  }
  return engine
}

export const databaseEngine = () => engine

/**
 * The model to write through: on FerretDB, the same model bound to the single write
 * connection; on MongoDB, the model itself.
 */
export function forWrites<T>(model: Model<T>): Model<T> {
  if (!writer) return model
  return (writer.models[model.modelName] as Model<T> | undefined) ?? writer.model<T>(model.modelName, model.schema)
}

export async function closeDatabaseEngine() {
  const closing = writer
  writer = undefined
  await closing?.close()
}
