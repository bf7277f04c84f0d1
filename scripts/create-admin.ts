// Creates the first administrator on a real deployment:
//   MONGODB_URI=mongodb://… npm run create-admin -- --email you@example.com --name "Your Name" --department "Head office"
// The password is read from RAPPORT_ADMIN_PASSWORD or asked for on the terminal.
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import mongoose from 'mongoose'
import { Email, Password, PersonName } from '../shared/schemas/accounts.ts'
import { hashUserPassword } from '../server/utils/password.ts'

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, department: { type: 'string', default: 'Head office' } } })

function fail(message: string): never {
  console.error(`create-admin: ${message}`)
  process.exit(1)
}

const uri = process.env.MONGODB_URI || fail('set MONGODB_URI to the database the app uses')
const email = Email.safeParse(values.email ?? '')
if (!email.success) fail('--email must be an email address')
const name = PersonName.safeParse(values.name ?? '')
if (!name.success) fail('--name must be at least 2 characters')

let password = process.env.RAPPORT_ADMIN_PASSWORD
if (!password) {
  if (!process.stdin.isTTY) fail('set RAPPORT_ADMIN_PASSWORD, or run the command in a terminal to be asked for the password')
  const terminal = createInterface({ input: process.stdin, output: process.stdout })
  password = await terminal.question('Password for the new administrator (at least 10 characters): ')
  terminal.close()
}
if (!Password.safeParse(password).success) fail('the password must be 10 to 200 characters')

await mongoose.connect(uri, { serverSelectionTimeoutMS: 5000 })
const db = mongoose.connection.db!
const users = db.collection('users')
if (await users.findOne({ email: email.data })) fail(`someone already has the email ${email.data}`)
const slug = values.department!.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
await db.collection('departments').updateOne({ slug }, { $setOnInsert: { slug, name: values.department, createdAt: new Date(), updatedAt: new Date() } }, { upsert: true })
const department = await db.collection('departments').findOne({ slug })
const now = new Date()
const { insertedId } = await users.insertOne({
  email: email.data, name: name.data, passwordHash: await hashUserPassword(password), role: 'admin',
  department: department!._id, jobRole: 'Administrator', startDate: now, active: true, sessionVersion: 0, createdAt: now, updatedAt: now,
})
// The sign-in lookup by email (server/models/user-email.ts).
await db.collection('user_emails').updateOne({ _id: email.data } as never, { $set: { user: insertedId } }, { upsert: true })
console.log(`create-admin: ${email.data} can now sign in as an administrator`)
await mongoose.disconnect()
