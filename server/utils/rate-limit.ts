// Counts failures in a sliding window, in memory. One app process is the deployment
// we document; several processes would each count their own share.
export class RateLimiter {
  private hits = new Map<string, number[]>()

  constructor(private readonly limit: number, private readonly windowMs: number) {}

  /** Seconds until `key` may try again, or 0 when it may now. */
  retryAfter(key: string, now = Date.now()): number {
    const recent = this.recent(key, now)
    if (recent.length < this.limit) return 0
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000))
  }

  hit(key: string, now = Date.now()) {
    const recent = this.recent(key, now)
    recent.push(now)
    this.hits.set(key, recent)
    if (this.hits.size > 50_000) this.prune(now)
  }

  reset(key: string) {
    this.hits.delete(key)
  }

  private recent(key: string, now: number) {
    return (this.hits.get(key) ?? []).filter(t => t > now - this.windowMs)
  }

  private prune(now: number) {
    for (const [key, times] of this.hits) {
      if (!times.some(t => t > now - this.windowMs)) this.hits.delete(key)
    }
  }
}
