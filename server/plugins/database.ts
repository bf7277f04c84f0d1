import mongoose from 'mongoose'
import { embeddedDbSync, startEmbeddedDb, type EmbeddedDb } from '../utils/embedded-db'
import { closeDatabaseEngine, configureDatabaseEngine } from '../utils/db-engine'

// Fail fast instead of queueing queries while the database is away: the request
// gets a 503 with a clear message and the client can retry.
mongoose.set('bufferCommands', false)
// RAPPORT_DEBUG_QUERIES=1 prints every database operation (collection, method, filter).
if (process.env.RAPPORT_DEBUG_QUERIES) mongoose.set('debug', true)

// On SIGTERM, Nitro waits for requests in flight, then runs the close hooks, each phase for
// at most NITRO_SHUTDOWN_TIMEOUT ms (Nitro's default is 30 s); Rapport's default is 3 s, so the
// app is gone within a few seconds even if a request hangs on an unresponsive database.
process.env.NITRO_SHUTDOWN_TIMEOUT ||= '3000'

let closing = false

/** Creates every collection and index before the app serves; retried while the database is away. */
async function ensureSchema() {
  for (let attempt = 1; !closing; attempt++) {
    try {
      await ensureDatabaseSchema(line => console.info(`[rapport] ${line}`))
      return
    }
    catch (error) {
      if (attempt === 1 || attempt % 10 === 0) {
        console.warn(`[rapport] collections and indexes not created yet (${(error as Error).message}); retrying`)
      }
      await new Promise(r => setTimeout(r, 1000))
    }
  }
}

async function connectWithRetry(uri: string) {
  for (let attempt = 1; !closing; attempt++) {
    try {
      await mongoose.connect(uri, {
        serverSelectionTimeoutMS: 3000,
        heartbeatFrequencyMS: 1000,
        // Collections and indexes are created at start-up, one at a time (ensureSchema below).
        autoCreate: false,
        autoIndex: false,
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

const within = (ms: number, work: Promise<unknown>) =>
  Promise.race([work, new Promise(r => setTimeout(r, ms).unref())])

export default defineNitroPlugin((nitroApp) => {
  let embedded: EmbeddedDb | undefined
  let sweeper: NodeJS.Timeout | undefined

  const ready = (async () => {
    let uri = process.env.MONGODB_URI
    if (!uri) {
      try {
        // RAPPORT_FERRETDB_DIR: where the embedded database keeps its files (relative to the working directory).
        embedded = await startEmbeddedDb({ dataDir: process.env.RAPPORT_FERRETDB_DIR || undefined, sync: embeddedDbSync(process.env.RAPPORT_FERRETDB_SYNC), supervise: true })
        watchEmbeddedDb(embedded)
      }
      catch (error) {
        console.error(`[rapport] ${(error as Error).message}`)
        process.exit(1)
      }
      uri = embedded.uri(process.env.MONGODB_DATABASE || 'rapport')
      console.info(`[rapport] embedded FerretDB on 127.0.0.1:${embedded.port}, data in ${embedded.dataDir}`)
    }
    await connectWithRetry(uri)
    if (closing) return
    const engine = await configureDatabaseEngine(uri)
    console.info(`[rapport] database engine: ${engine}${engine === 'ferretdb' ? ' (writes through one connection)' : ''}`)
    await ensureSchema()
    if (closing) return
    // The sign-in lookup by email covers users written around the model; expired sessions
    // and finished throttle windows are swept hourly (MongoDB's TTL indexes also do it).
    // The HR dashboards' summaries and overview, on the embedded engine read now rather than
    // by the first HR request (a few seconds at 10,000 people).
    warmHrDashboards().catch(error => console.warn(`[rapport] HR dashboards not prepared: ${(error as Error).message}`))
    decoyHash().catch(() => {})
    syncUserEmails()
      .then(({ added, removed }) => (added || removed) && console.info(`[rapport] email lookup: ${added} added, ${removed} removed`))
      .catch(error => console.warn(`[rapport] email lookup not synchronised: ${(error as Error).message}`))
    const sweep = () => Promise.all([sweepExpiredSessions(), sweepSignInThrottles()]).catch(() => {})
    sweep()
    sweeper = setInterval(sweep, 60 * 60_000)
    sweeper.unref()
    if (useRuntimeConfig().demoSeed) {
      await seedDemo({ log: line => console.info(`[rapport] ${line}`) })
        .catch(error => console.error(`[rapport] demo seed failed: ${(error as Error).message}`))
    }
  })()

  // SIGTERM ends the app within a few seconds whether the database is up, down or still
  // starting: every step is bounded, and the embedded FerretDB is stopped last.
  nitroApp.hooks.hook('close', async () => {
    closing = true
    clearInterval(sweeper)
    await within(500, ready.catch(() => {}))
    // The embedded engine's HR snapshot, sealed so the next start reads it instead of every
    // summary; cut short, it stays open and the next start reads every summary.
    await within(2000, sealSummarySnapshot({ final: true }).catch(error => console.warn(`[hr] learner-summary snapshot not sealed: ${(error as Error).message}`)))
    await within(500, closeDatabaseEngine().catch(() => {}))
    await within(1000, mongoose.disconnect().catch(() => {}))
    await embedded?.stop()
  })
})
