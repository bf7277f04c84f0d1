import type { H3Event } from 'h3'

// The time the app acts at. Tests move it: with RAPPORT_TEST_CLOCK=1 in the server's
// environment (never set in production), a request's `x-rapport-now` header (an ISO date)
// is the time for that request, so "seven days before the due date" can be tested today.
// Without that variable the header is ignored.
export const testClockEnabled = () => process.env.RAPPORT_TEST_CLOCK === '1'

export function requestNow(event: H3Event): Date {
  if (testClockEnabled()) {
    const header = getRequestHeader(event, 'x-rapport-now')
    const at = header ? new Date(header) : null
    if (at && !Number.isNaN(at.getTime())) return at
  }
  return new Date()
}
