import { Types } from 'mongoose'
import { UserModel } from '../../models/user'
import { UserEmailModel } from '../../models/user-email'

// Never an existing user: read for unknown emails until a real user's id is known.
const NOBODY = new Types.ObjectId('000000000000000000000000')

// For an unknown email, a real person's document is read (and dropped), so that both answers
// read one user document: found, a document costs FerretDB and the driver more than a miss
// (measured: about 0.5 ms of the sign-in), which made known emails slower. Any user will do:
// the last one a lookup found, or one read at start-up (syncUserEmails).
let decoyUser = NOBODY

/**
 * The user with this (normalised) email, through two reads by `_id` whether or not the
 * email exists, so neither the database's work nor the time tells them apart.
 */
export async function findUserByEmail(email: string) {
  const entry = await UserEmailModel.findById(email).lean()
  const user = await UserModel.findById(entry?.user ?? decoyUser).lean()
  if (!user) return null
  decoyUser = user._id
  return user.email === email ? user : null
}

/**
 * Adds a lookup entry for every user written around the model (an older database, the
 * create-admin script, bulk loads) and drops entries whose user has another email now.
 * Reads both collections whole: run at start-up, off the request path.
 */
export async function syncUserEmails() {
  const users = await UserModel.find({}, { email: 1 }).lean()
  if (users[0] && decoyUser === NOBODY) decoyUser = users[0]._id
  const entries = new Map((await UserEmailModel.find({}).lean()).map(e => [e._id, String(e.user)]))
  let added = 0
  let removed = 0
  const byEmail = new Map(users.map(u => [u.email, String(u._id)]))
  for (const [email, id] of byEmail) {
    if (entries.get(email) === id) continue
    await UserEmailModel.updateOne({ _id: email }, { $set: { user: new Types.ObjectId(id) } }, { upsert: true })
    added++
  }
  for (const [email, id] of entries) {
    if (byEmail.has(email)) continue
    // Re-read: the person may have been created or renamed since the snapshot.
    const user = await UserModel.findById(id, { email: 1 }).lean()
    if (user?.email === email) continue
    await UserEmailModel.deleteOne({ _id: email })
    removed++
  }
  return { added, removed }
}
