import { describe, expect, it } from 'vitest'
import { lessonReads } from '../../server/domain/content/content-overview'

// The trainer content page's per-lesson figures: readers, and the median time from first
// opening a lesson to marking it read, over the readers whose opening was recorded.

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 9, minutes))

describe('lessonReads', () => {
  it('counts every reader and takes the median over the timed ones (odd count: the middle one)', () => {
    const reads = new Map([['soft-skills/empathy', [
      { openedAt: at(0), readAt: at(4) },
      { openedAt: at(0), readAt: at(10) },
      { openedAt: at(0), readAt: at(2) },
      { openedAt: null, readAt: at(30) },
    ]]])
    expect(lessonReads(reads).get('soft-skills/empathy')).toEqual({ readers: 4, medianSeconds: 240, timed: 3 })
  })

  it('averages the two middle times for an even count, and ignores a read recorded before its opening', () => {
    const reads = new Map([['a/b', [
      { openedAt: at(0), readAt: at(2) },
      { openedAt: at(0), readAt: at(6) },
      { openedAt: at(10), readAt: at(5) },
    ]]])
    expect(lessonReads(reads).get('a/b')).toEqual({ readers: 3, medianSeconds: 240, timed: 2 })
  })

  it('has no time when no reader\'s opening was recorded', () => {
    expect(lessonReads(new Map([['a/b', [{ openedAt: null, readAt: at(1) }]]])).get('a/b')).toEqual({ readers: 1, medianSeconds: null, timed: 0 })
  })
})
