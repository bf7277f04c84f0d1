/** One signed-in browser, as "Your account" lists it. */
export interface SessionView {
  id: string
  device: string
  address: string
  createdAt: string
  lastSeenAt: string
  /** The browser asking. */
  current: boolean
}

/** Failed sign-ins counted against a person's account in the current window. */
export interface SignInThrottleView {
  failures: number
  lastFailureAt: string | null
  /** When the counting window ends and the counters start again. */
  windowEndsAt: string
  /** Whether sign-ins from unrecognised browsers are being slowed down. */
  slowed: boolean
  addresses: string[]
  /** Password-reset links asked for this person's address in the current window. */
  resetRequests: number
  /** Whether further reset requests are answered without sending a link until the window ends. */
  resetLimited: boolean
}
