import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { H3Event } from 'h3'

// The app's own request for a page that every reader may be sent (a lesson page, kept in
// server/domain/content/lesson-pages.ts): rendered without anyone's session, it may read
// course content as a signed-in reader could. The mark is a random value that never
// leaves the process, so no client can make one.

const HEADER = 'x-rapport-shared-render'
const token = randomBytes(32).toString('hex')

export const sharedRenderHeaders = () => ({ [HEADER]: token })

/** Is this the app's own request for a shared render? */
export function isSharedRender(event: H3Event) {
  const given = getHeader(event, HEADER)
  return typeof given === 'string' && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token))
}
