import { AsyncLocalStorage } from 'node:async_hooks'

// Learning events of one learner run one at a time in this process. FerretDB applies
// an update by reading, changing and writing the document outside a transaction, so
// two concurrent updates of one learner's record could lose one; queueing them per
// learner keeps every fact. Re-entrant: code already holding the lock runs straight on.
const queues = new Map<string, Promise<void>>()
const held = new AsyncLocalStorage<Set<string>>()

export async function withLearnerLock<T>(userId: unknown, work: () => Promise<T>): Promise<T> {
  const key = String(userId)
  const holding = held.getStore()
  if (holding?.has(key)) return work()
  const previous = queues.get(key) ?? Promise.resolve()
  let release!: () => void
  const mine = previous.then(() => new Promise<void>((resolve) => {
    release = resolve
  }))
  queues.set(key, mine)
  await previous
  try {
    return await held.run(new Set([...(holding ?? []), key]), work)
  }
  finally {
    release()
    if (queues.get(key) === mine) queues.delete(key)
  }
}
