// How the trainer pages print statistics: a dash where a figure is undefined.

export const formatShare = (share: number | null | undefined) => share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`

export const formatCorrelation = (r: number | null | undefined) => r === null || r === undefined ? '—' : r.toFixed(2).replace(/^-/, '−')

export const formatNumber = (value: number | null | undefined, digits = 1) => value === null || value === undefined ? '—' : String(Number(value.toFixed(digits)))

export function formatSeconds(ms: number | null | undefined) {
  if (ms === null || ms === undefined) return '—'
  const seconds = Math.round(ms / 1000)
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`
}

export const formatWhen = (at: string | Date | null | undefined) => at
  ? formatDateTime(at, { timeZone: browserTimeZone() })
  : '—'

export const skillLabel = (skill: string) => skill.replace(/-/g, ' ').replace(/^./, c => c.toUpperCase())

export const CHANNEL_LABELS: Record<string, string> = { personal: 'Face to face', phone: 'Phone call', printed: 'Letter', electronic: 'Email and chat' }

/** A reply's score changes in words: "+2 empathy, −1 communication". */
export const formatScores = (scores: Record<string, number | undefined> | null | undefined) => scores
  ? Object.entries(scores).map(([skill, v]) => `${(v ?? 0) > 0 ? '+' : (v ?? 0) < 0 ? '−' : ''}${Math.abs(v ?? 0)} ${skillLabel(skill).toLowerCase()}`).join(', ') || 'No score'
  : ''
