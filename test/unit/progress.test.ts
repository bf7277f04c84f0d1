import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkContent } from '../../server/domain/content/content-library'
import { assignedPaths, learnerStatus, pathProgress, type LearnerRecords } from '../../server/domain/learning/path-progress'

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
