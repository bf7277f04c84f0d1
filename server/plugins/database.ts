import mongoose from 'mongoose'
import { startEmbeddedDb, type EmbeddedDb } from '../utils/embedded-db'
import { closeDatabaseEngine, configureDatabaseEngine } from '../utils/db-engine'

// Fail fast instead of queueing queries while the database is away: the request
// gets a 503 with a clear message and the client can retry.
mongoose.set('bufferCommands', false)
// RAPPORT_DEBUG_QUERIES=1 prints every database operation (collection, method, filter).
if (process.env.RAPPORT_DEBUG_QUERIES) mongoose.set('debug', true)

async function connectWithRetry(uri: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      await mongoose.connect(uri, {
        serverSelectionTimeoutMS: 3000,
        heartbeatFrequencyMS: 1000,
        autoIndex: true,
      })
      return
    }
    catch (error) {
      if (attempt === 1 || attempt % 10 === 0) {
        console.warn(`[rapport] database not reachable yet (${(error as Error).message}); retrying`)
      }
      await new Promise(r => setTimeout(r, 1000))
    }
  }
}

export default defineNitroPlugin((nitroApp) => {
  let embedded: EmbeddedDb | undefined
  let sweeper: NodeJS.Timeout | undefined

  const ready = (async () => {
    let uri = process.env.MONGODB_URI
    if (!uri) {
      try {
        embedded = await startEmbeddedDb()
      }
      catch (error) {
        console.error(`[rapport] ${(error as Error).message}`)
        process.exit(1)
      }
      uri = embedded.uri(process.env.MONGODB_DATABASE || 'rapport')
      console.info(`[rapport] embedded FerretDB on 127.0.0.1:${embedded.port}, data in ${embedded.dataDir}`)
    }
    await connectWithRetry(uri)
    const engine = await configureDatabaseEngine(uri)
    console.info(`[rapport] database engine: ${engine}${engine === 'ferretdb' ? ' (writes through one connection)' : ''}`)
    // The sign-in lookup by email covers users written around the model; expired sessions
    // and finished throttle windows are swept hourly (MongoDB's TTL indexes also do it).
    decoyHash().catch(() => {})
    syncUserEmails()
      .then(({ added, removed }) => (added || removed) && console.info(`[rapport] email lookup: ${added} added, ${removed} removed`))
      .catch(error => console.warn(`[rapport] email lookup not synchronised: ${(error as Error).message}`))
    sweeper = setInterval(() => {
      Promise.all([sweepExpiredSessions(), sweepSignInThrottles()]).catch(() => {})
    }, 60 * 60_000)
    sweeper.unref()
    if (useRuntimeConfig().demoSeed) {
      await seedDemo({ log: line => console.info(`[rapport] ${line}`) })
        .catch(error => console.error(`[rapport] demo seed failed: ${(error as Error).message}`))
    }
  })()

  nitroApp.hooks.hook('close', async () => {
    clearInterval(sweeper)
    await ready.catch(() => {})
    await closeDatabaseEngine()
    await mongoose.disconnect()
    await embedded?.stop()
  })
})
