import { describe, expect, it } from 'vitest'
import { contentItemVersions, versionLabel, versionOrdinals } from '../../server/domain/content/content-version-labels'
import type { ContentStatus } from '../../server/domain/content/content-store'
import { formatVersionLabel, setFormatLocale } from '../../shared/utils/format'

// Content versions are numbered and dated from when Rapport first saw them
// (server/domain/content/content-versions.ts); these are the pure rules behind the labels.

const day = (d: number, hour = 9) => new Date(Date.UTC(2026, 11, d, hour))

describe('versionOrdinals', () => {
  it('numbers versions in the order they were first seen, 1 for the first', () => {
    const ordinals = versionOrdinals([
      { version: 'aaa', firstSeen: day(1) },
      { version: 'bbb', firstSeen: day(2) },
      { version: 'ccc', firstSeen: day(5) },
    ])
    expect([...ordinals].map(([v, { ordinal }]) => [v, ordinal])).toEqual([['aaa', 1], ['bbb', 2], ['ccc', 3]])
    expect(ordinals.get('bbb')!.firstSeen).toEqual(day(2))
  })

  it('orders by date, not by place in the log, and breaks a tie of dates by the log\'s order', () => {
    const ordinals = versionOrdinals([
      { version: 'late', firstSeen: day(3) },
      { version: 'early', firstSeen: day(1) },
      { version: 'tie-a', firstSeen: day(4) },
      { version: 'tie-b', firstSeen: day(4) },
    ])
    expect(ordinals.get('early')!.ordinal).toBe(1)
    expect(ordinals.get('late')!.ordinal).toBe(2)
    expect(ordinals.get('tie-a')!.ordinal).toBe(3)
    expect(ordinals.get('tie-b')!.ordinal).toBe(4)
  })

  it('counts a version listed twice once, at its earliest sighting', () => {
    const ordinals = versionOrdinals([
      { version: 'aaa', firstSeen: day(1) },
      { version: 'bbb', firstSeen: day(3) },
      { version: 'bbb', firstSeen: day(2) },
    ])
    expect(ordinals.size).toBe(2)
    expect(ordinals.get('bbb')).toEqual({ ordinal: 2, firstSeen: day(2) })
  })

  it('labels a version the log lacks with neither number nor date', () => {
    expect(versionLabel([{ version: 'aaa', firstSeen: day(1) }], 'zzz')).toEqual({ version: 'zzz', ordinal: null, firstSeen: null })
    expect(versionLabel(undefined, 'zzz').ordinal).toBeNull()
    expect(versionLabel([{ version: 'aaa', firstSeen: day(1) }], 'aaa')).toEqual({ version: 'aaa', ordinal: 1, firstSeen: day(1) })
  })
})

describe('contentItemVersions', () => {
  it('keys every loaded item by kind and identity, with its current version', () => {
    const status = {
      library: {
        courses: new Map([['soft-skills', { slug: 'soft-skills', file: 'content/courses/soft-skills.md' }]]),
        lessons: [{ course: 'soft-skills', slug: 'empathy', file: 'content/lessons/soft-skills/empathy.md' }],
        quizzes: new Map([['q1', { definition: { id: 'q1' }, version: 'qqq', file: 'content/quizzes/q1.yml' }]]),
        scenarios: new Map([['s1', { definition: { id: 's1' }, version: 'sss', file: 'content/scenarios/s1.yml' }]]),
        paths: new Map([['p1', { definition: { id: 'p1' }, version: 'ppp', file: 'content/paths/p1.yml' }]]),
      },
      fileVersions: new Map([['content/courses/soft-skills.md', 'ccc'], ['content/lessons/soft-skills/empathy.md', 'lll']]),
    } as unknown as Pick<ContentStatus, 'library' | 'fileVersions'>
    expect(contentItemVersions(status)).toEqual([
      { key: 'course:soft-skills', version: 'ccc' },
      { key: 'lesson:soft-skills/empathy', version: 'lll' },
      { key: 'quiz:q1', version: 'qqq' },
      { key: 'scenario:s1', version: 'sss' },
      { key: 'path:p1', version: 'ppp' },
    ])
  })
})

describe('formatVersionLabel', () => {
  it.each([
    ['en-GB', 'Version 3 · 2 Dec 2026'],
    ['en-US', 'Version 3 · Dec 2, 2026'],
    ['de-DE', 'Version 3 · 2. Dez. 2026'],
  ] as const)('reads "Version n · date" in the organisation\'s format (%s)', (locale, text) => {
    expect(formatVersionLabel({ ordinal: 3, firstSeen: '2026-12-02T10:00:00Z' }, locale)).toBe(text)
  })

  it('follows the locale set for the organisation', () => {
    setFormatLocale('en-US')
    try {
      expect(formatVersionLabel({ ordinal: 1, firstSeen: day(2) })).toBe('Version 1 · Dec 2, 2026')
    }
    finally {
      setFormatLocale('en-GB')
    }
  })

  it('says "Earlier version (undated)" for a version taken before versions were dated', () => {
    expect(formatVersionLabel({ ordinal: null, firstSeen: null })).toBe('Earlier version (undated)')
  })
})
