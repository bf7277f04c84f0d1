// What sign-in costs with 10 accounts and with 10,000, on the embedded database, against
// the built app (run `npm run build` first):
//   npm run bench:sign-in [-- --small 10 --large 10000 --tries 20 --build .output]
// Each size: `--tries` sign-ins one after another, spread over the accounts. The password
// hash costs the same at any size; what can grow with the number of accounts is the
// look-up of the account by e-mail, so the difference between the two sizes is that look-up.
import { parseArgs } from 'node:util'
import mongoose from 'mongoose'
import { hashUserPassword } from '../server/utils/password.ts'
import { insertPeople, machineLine, ms, percentile, startBenchApp } from './support.ts'

const { values } = parseArgs({
  options: {
    small: { type: 'string', default: '10' },
    large: { type: 'string', default: '10000' },
    tries: { type: 'string', default: '20' },
    build: { type: 'string', default: '.output' },
  },
})
const SMALL = Number(values.small)
const LARGE = Number(values.large)
const TRIES = Number(values.tries)
const PASSWORD = 'bench-password-1'

const app = await startBenchApp('sign_in', { build: values.build })
try {
  const connection = await mongoose.createConnection(app.databaseUri).asPromise()
  const { insertedId: department } = await connection.collection('departments').insertOne({ slug: 'retail-floor', name: 'Retail Floor' })
  const passwordHash = await hashUserPassword(PASSWORD)
  let made = 0
  async function grow(to: number) {
    const rows = []
    for (; made < to; made++) {
      rows.push({
        email: `person${made}@bench.test`, name: `Person ${made}`, passwordHash, role: 'staff', department, jobRole: 'Sales associate',
        startDate: new Date(), active: true, sessionVersion: 0, createdAt: new Date(), updatedAt: new Date(),
      })
    }
    await insertPeople(connection, rows)
  }
  async function measure(size: number) {
    const times: number[] = []
    for (let i = 0; i < TRIES; i++) {
      // Spread over the collection: from the first account to the last.
      const who = Math.floor((i / TRIES) * size)
      const t0 = performance.now()
      const res = await fetch(`${app.base}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `person${who}@bench.test`, password: PASSWORD }),
      })
      await res.arrayBuffer()
      times.push(performance.now() - t0)
      if (res.status !== 200) throw new Error(`sign-in of person${who} answered ${res.status}`)
    }
    return times
  }
  await grow(SMALL)
  await measure(SMALL) // warm-up
  const small = await measure(SMALL)
  await grow(LARGE)
  const large = await measure(LARGE)
  await connection.close()

  console.log(machineLine())
  for (const [size, times] of [[SMALL, small], [LARGE, large]] as const) {
    console.log(`${size} accounts: sign-in p50 ${ms(percentile(times, 50))}, max ${ms(Math.max(...times))} (${TRIES} sign-ins one after another)`)
  }
  console.log(`difference ${LARGE} vs ${SMALL} accounts (the look-up by e-mail): ${ms(percentile(large, 50) - percentile(small, 50))} at p50`)
}
finally {
  await app.stop()
}
