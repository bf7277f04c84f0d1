// FerretDB's CPU per single operation, through the driver, without the app: the fixed cost of
// the operations a quiz attempt makes (reads and writes by `_id` on documents of about 1 KB).
//   node bench/ferretdb-ops.ts [--operations 2000 --concurrency 10 --rounds 5 --root .]
// `--root` names the folder whose .tools/bin/ferretdb runs; several, comma-separated, run side
// by side (each its own FerretDB and data directory) and take turns kind by kind, so an A/B pair
// sees the same load. Each kind runs `--operations` times on `--concurrency` connections per
// round; the figure is FerretDB's CPU (user + system, from /proc) divided by the operations,
// which depends far less on the load than the rate does: the median over the rounds after the
// first (which warms up), with the lowest and highest.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import mongoose from 'mongoose'
import { startEmbeddedDb } from '../server/utils/embedded-db.ts'
import { machineLine, percentile } from './support.ts'

const { values } = parseArgs({
  options: {
    operations: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '5' },
    root: { type: 'string', default: '.' },
  },
})
const OPERATIONS = Number(values.operations)
const CONCURRENCY = Number(values.concurrency)
const ROUNDS = Math.max(2, Number(values.rounds))
const roots = values.root.split(',')

function cpuMs(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
}

/** A learner-record-like document of about 1 KB: strings, dates, ids, numbers, an array of sub-documents. */
const doc = (i: number) => ({
  _id: new mongoose.Types.ObjectId(),
  user: new mongoose.Types.ObjectId(),
  status: 'in-progress',
  number: i,
  startedAt: new Date(),
  quiz: 'customer-service-basics',
  answers: Object.fromEntries(Array.from({ length: 8 }, (_, k) => [`q${k}`, `option-${k}`])),
  lessons: Array.from({ length: 6 }, (_, k) => ({ slug: `lesson-${k}`, readAt: new Date(), position: k * 10, done: k % 2 === 0 })),
  note: 'x'.repeat(300),
})

const targets = await Promise.all(roots.map(async (root, n) => {
  const db = await startEmbeddedDb({ root, dataDir: `/tmp/rapport-bench-ferretdb-ops-${n}` })
  const connection = await mongoose.createConnection(db.uri(`bench_ferretdb_ops_${Date.now()}`), { maxPoolSize: CONCURRENCY }).asPromise()
  return { root, db, connection, items: connection.collection('items'), ids: [] as mongoose.Types.ObjectId[], next: 0 }
}))
type Target = (typeof targets)[number]

try {
  for (const t of targets) {
    for (let i = 0; i < 2000; i += 500) {
      const rows = Array.from({ length: 500 }, (_, k) => doc(i + k))
      t.ids.push(...rows.map(r => r._id))
      await t.items.insertMany(rows)
    }
  }
  const id = (t: Target) => t.ids[t.next++ % t.ids.length]
  const kinds: [string, (t: Target) => Promise<unknown>][] = [
    ['findOne({ _id })', t => t.items.findOne({ _id: id(t) })],
    ['updateOne({ _id }, { $set })', t => t.items.updateOne({ _id: id(t) }, { $set: { position: t.next } })],
    ['findOneAndUpdate({ _id, status }, { $set })', t => t.items.findOneAndUpdate({ _id: id(t), status: 'in-progress' }, { $set: { seen: t.next } }, { returnDocument: 'after' })],
    ['insertOne (1 KB)', t => t.items.insertOne(doc(t.next++))],
    ['ping', t => t.connection.db!.command({ ping: 1 })],
  ]
  const results = new Map<string, number[]>()
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [label, op] of kinds) {
      for (const t of targets) {
        const pid = t.db.pid()!
        const before = cpuMs(pid)
        let left = OPERATIONS
        await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
          while (left-- > 0) await op(t)
        }))
        if (round > 1) results.set(`${t.root}\t${label}`, [...results.get(`${t.root}\t${label}`) ?? [], (cpuMs(pid) - before) / OPERATIONS])
      }
    }
  }
  console.log(machineLine())
  console.log(`${OPERATIONS} operations of each kind on ${CONCURRENCY} connections, ${ROUNDS - 1} rounds after a warm-up; FerretDB CPU per operation, median (lowest–highest):`)
  for (const [label] of kinds) {
    for (const t of targets) {
      const list = results.get(`${t.root}\t${label}`)!
      console.log(`${label.padEnd(44)} ${t.root.padEnd(24)} ${percentile(list, 50).toFixed(3)} ms (${Math.min(...list).toFixed(3)}–${Math.max(...list).toFixed(3)})`)
    }
  }
  for (const t of targets) {
    const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${t.db.pid()}/status`, 'utf8'))?.[1]
    console.log(`${t.root}: FerretDB's peak resident memory ${(Number(peak) / 1024).toFixed(0)} MiB`)
    await t.connection.dropDatabase()
  }
}
finally {
  for (const t of targets) {
    await t.connection.close()
    await t.db.stop()
  }
}
