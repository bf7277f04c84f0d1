// Small descriptive statistics for the trainer analyses. Pure; null when undefined
// (no data, or no spread to correlate) rather than NaN, so JSON carries it.

export function meanOf(values: readonly number[]): number | null {
  if (!values.length) return null
  return values.reduce((sum, v) => sum + v, 0) / values.length
}

/** The middle value; for an even count, the mean of the two middle values. */
export function medianOf(values: readonly number[]): number | null {
  if (!values.length) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Pearson correlation of paired values. With a 0/1 first series this is the
 * point-biserial correlation. Null with fewer than two pairs or when either series
 * does not vary (everyone right, or everyone with the same rest score).
 */
export function correlationOf(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length)
  if (n < 2) return null
  const mx = meanOf(xs.slice(0, n))!
  const my = meanOf(ys.slice(0, n))!
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx
    const dy = ys[i]! - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  // Sums of squares of identical values can come out as tiny non-zero rounding errors.
  if (sxx < 1e-12 || syy < 1e-12) return null
  return sxy / Math.sqrt(sxx * syy)
}

export const shareOf = (count: number, total: number): number | null => total ? count / total : null
