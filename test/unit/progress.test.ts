import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkContent } from '../../server/domain/content/content-library'
import { assignedPaths, daysLeft, learnerStatus, pathItems, pathProgress, pathStanding, type LearnerRecords } from '../../server/domain/learning/path-progress'

function load(dir: string, files = new Map<string, string>(), root = dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) load(full, files, root)
    else files.set(relative(root, full), readFileSync(full, 'utf8'))
  }
  return files
}
const { library } = checkContent(load('test/fixtures/content-valid'))
const path = library.paths.get('greeting-path')!.definition
const learner = { departmentSlug: 'sales', jobRole: 'Advisor', startDate: new Date('2026-11-01T00:00:00Z') }
const now = new Date('2026-11-25T00:00:00Z')
const none: LearnerRecords = { lessons: new Set(), quizPasses: new Map(), scenarioPasses: new Map(), certificates: [] }

describe('progress', () => {
  it('assigns an all-staff path to everyone', () => {
    expect(assignedPaths(library, learner).map(p => p.id)).toEqual(['greeting-path'])
  })

  it('counts every lesson of a required course, and each quiz and scenario', () => {
    const p = pathProgress(library, path, learner, none, now)
    expect(p.items.map(i => `${i.kind}:${i.id}`)).toEqual([
      'lesson:greeting-basics/first-words', 'lesson:greeting-basics/names', 'quiz:greeting-basics-quiz', 'scenario:greeting-counter-personal',
    ])
    expect(p).toMatchObject({ required: 4, done: 0, complete: false, cycle: 1 })
    expect(p.dueAt).toEqual(new Date('2026-11-15T00:00:00Z'))
    expect(learnerStatus(p, now)).toBe('overdue')
  })

  it('is complete once everything is done, and then a certificate closes the cycle', () => {
    const records: LearnerRecords = {
      lessons: new Set(['greeting-basics/first-words', 'greeting-basics/names']),
      quizPasses: new Map([['greeting-basics-quiz', [new Date('2026-11-10')]]]),
      scenarioPasses: new Map([['greeting-counter-personal', [new Date('2026-11-11')]]]),
      certificates: [],
    }
    expect(pathProgress(library, path, learner, records, now)).toMatchObject({ done: 4, complete: true, certificate: undefined })
    const certified = { ...records, certificates: [{ path: 'greeting-path', cycle: 1, code: 'X', issuedAt: new Date('2026-11-11'), expiresAt: new Date('2027-11-11') }] }
    expect(pathProgress(library, path, learner, certified, now)).toMatchObject({ complete: true, cycle: 1, certificate: { code: 'X' } })
  })

  it('starts a new cycle when the certificate expires: assessments must be passed again, lessons stay read', () => {
    const later = new Date('2027-12-01T00:00:00Z')
    const records: LearnerRecords = {
      lessons: new Set(['greeting-basics/first-words', 'greeting-basics/names']),
      quizPasses: new Map([['greeting-basics-quiz', [new Date('2026-11-10')]]]),
      scenarioPasses: new Map([['greeting-counter-personal', [new Date('2026-11-11')]]]),
      certificates: [{ path: 'greeting-path', cycle: 1, code: 'X', issuedAt: new Date('2026-11-11'), expiresAt: new Date('2027-11-11') }],
    }
    const p = pathProgress(library, path, learner, records, later)
    expect(p).toMatchObject({ cycle: 2, done: 2, complete: false, certificate: undefined })
    expect(p.dueAt).toEqual(new Date('2027-11-25T00:00:00.000Z'))
  })
})

describe('how a learner stands on a path', () => {
  const DAY = 86_400_000
  const due = (days: number) => new Date(now.getTime() + days * DAY)

  it.each([
    ['due in 5 days with 14 of 23 left', 9, 23, 5, 'at-risk'],
    ['due in 5 days with nothing done and 14 left', 0, 14, 5, 'at-risk'],
    ['due in 5 days with 8 left', 15, 23, 5, 'on-track'],
    ['due in 5 days with 10 left (two a day fits)', 13, 23, 5, 'on-track'],
    ['due in 30 days with 14 left', 9, 23, 30, 'on-track'],
    ['due in 30 days with nothing done', 0, 23, 30, 'not-started'],
    ['due in 12 hours with 3 left', 20, 23, 0.5, 'at-risk'],
    ['past its due date', 9, 23, -1, 'overdue'],
    ['finished', 23, 23, 2, 'complete'],
  ] as const)('%s: %s', (_, done, required, days, standing) => {
    expect(pathStanding({ done, required, dueAt: due(days) }, now)).toBe(standing)
  })

  it('never calls an exempt path at risk', () => {
    expect(pathStanding({ done: 0, required: 14, dueAt: due(1), exempt: true }, now)).toBe('exempt')
  })

  it('counts a part day as a day left, and none once the due date has passed', () => {
    expect(daysLeft(due(4.2), now)).toBe(5)
    expect(daysLeft(due(5), now)).toBe(5)
    expect(daysLeft(due(-2), now)).toBe(0)
  })

  it('gives every item of a path the minutes to set aside: a lesson its own, a quiz a minute a question', () => {
    const items = pathItems(library, path)
    for (const item of items) expect(item.minutes).toBeGreaterThan(0)
    const lesson = items.find(i => i.kind === 'lesson')!
    expect(lesson.minutes).toBe(library.lessons.find(l => `${l.course}/${l.slug}` === lesson.id)!.minutes)
  })
})
