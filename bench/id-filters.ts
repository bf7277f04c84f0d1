// Filters that hold an `_id` beside other fields, on the embedded FerretDB: how long a
// conditional read and write take at `--documents` attempts, and whether SQLite reads them
// through the `_id` index (FerretDB's explain: `pushdown`, and SQLite's plan).
//   node bench/id-filters.ts [-- --documents 10000 --root .]
// `--root` names the folder whose .tools/bin/ferretdb runs (compare two builds).
import { parseArgs } from 'node:util'
import mongoose from 'mongoose'
import { startEmbeddedDb } from '../server/utils/embedded-db.ts'
import { machineLine, ms, percentile } from './support.ts'

const { values } = parseArgs({ options: { documents: { type: 'string', default: '10000' }, root: { type: 'string', default: '.' }, tries: { type: 'string', default: '20' } } })
const DOCUMENTS = Number(values.documents)
const TRIES = Number(values.tries)

const db = await startEmbeddedDb({ root: values.root, dataDir: '/tmp/rapport-bench-id-filters' })
const uri = db.uri(`bench_id_filters_${Date.now()}`)
const connection = await mongoose.createConnection(uri).asPromise()
try {
  const attempts = connection.collection('attempts')
  const ids: mongoose.Types.ObjectId[] = []
  const filler = 'x'.repeat(800)
  for (let i = 0; i < DOCUMENTS; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, DOCUMENTS - i) }, (_, k) => {
      const _id = new mongoose.Types.ObjectId()
      ids.push(_id)
      return { _id, user: new mongoose.Types.ObjectId(), quiz: 'q', number: i + k, status: 'in-progress', snapshot: filler }
    })
    await attempts.insertMany(rows)
  }
  const time = async (label: string, op: (id: mongoose.Types.ObjectId, i: number) => Promise<unknown>) => {
    const times: number[] = []
    for (let i = 0; i < TRIES; i++) {
      const id = ids[Math.floor((i / TRIES) * ids.length)]!
      const t0 = performance.now()
      await op(id, i)
      times.push(performance.now() - t0)
    }
    console.log(`${label}: p50 ${ms(percentile(times, 50))}, max ${ms(Math.max(...times))} (${TRIES} one after another)`)
  }
  console.log(machineLine())
  console.log(`${DOCUMENTS} documents of about 1 KB; FerretDB from ${values.root}/.tools/bin`)
  await time('findOne({ _id })', id => attempts.findOne({ _id: id }))
  await time('findOne({ _id, status })', id => attempts.findOne({ _id: id, status: 'in-progress' }))
  await time('updateOne({ _id, status: in-progress }) → submitted', async (id) => {
    const res = await attempts.updateOne({ _id: id, status: 'in-progress' }, { $set: { status: 'submitted' } })
    if (res.matchedCount !== 1) throw new Error('no match')
  })
  await time('the same update again (matches nothing now)', async (id) => {
    const res = await attempts.updateOne({ _id: id, status: 'in-progress' }, { $set: { status: 'submitted' } })
    if (res.matchedCount !== 0) throw new Error('matched a submitted attempt')
  })
  await time('findOneAndUpdate({ _id, number: wrong }) (no match)', async (id) => {
    if (await attempts.findOneAndUpdate({ _id: id, number: -1 }, { $set: { x: 1 } })) throw new Error('matched')
  })
  const explain = await attempts.find({ _id: ids[0], status: 'submitted' }).explain() as { queryPlanner?: unknown, pushdown?: boolean }
  console.log(`explain find({ _id, status }): pushdown ${explain.pushdown}, plan ${JSON.stringify(explain.queryPlanner)}`)
  await connection.dropDatabase()
}
finally {
  await connection.close()
  await db.stop()
}
