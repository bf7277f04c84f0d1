import { describe, expect, it } from 'vitest'
import { quizSkillPoints, scenarioSkillPoints, skillsProfile } from '../../server/domain/learning/skills-profile'
import { unreadCoaching } from '../../server/domain/learning/coaching-marker'

describe('skills profile', () => {
  it('scores a quiz attempt per skill by the share of that skill\'s questions answered right', () => {
    const points = quizSkillPoints([
      { skill: 'empathy', correct: true },
      { skill: 'empathy', correct: false },
      { skill: 'empathy', correct: true },
      { skill: 'follow-up', correct: false },
    ], '2026-11-01T10:00:00Z')
    expect(points).toEqual([
      { skill: 'empathy', kind: 'quiz', at: '2026-11-01T10:00:00Z', score: 67 },
      { skill: 'follow-up', kind: 'quiz', at: '2026-11-01T10:00:00Z', score: 0 },
    ])
  })

  it('keeps a role-play\'s skill percentages inside 0–100', () => {
    expect(scenarioSkillPoints([{ skill: 'empathy', percent: -20 }, { skill: 'communication', percent: 75 }], '2026-11-02T00:00:00Z').map(p => p.score)).toEqual([0, 75])
  })

  it('gives per skill the newest score, the best, and how many quizzes and role-plays scored it, in the content\'s skill order', () => {
    const profile = skillsProfile([
      { skill: 'communication', kind: 'quiz', at: '2026-11-01T10:00:00Z', score: 100 },
      { skill: 'empathy', kind: 'quiz', at: '2026-11-01T10:00:00Z', score: 50 },
      { skill: 'communication', kind: 'scenario', at: '2026-11-03T10:00:00Z', score: 40 },
      { skill: 'communication', kind: 'quiz', at: '2026-11-02T10:00:00Z', score: 0 },
    ])
    expect(profile).toEqual([
      { skill: 'empathy', latest: 50, best: 50, assessments: 1, quizzes: 1, rolePlays: 0, lastAt: '2026-11-01T10:00:00.000Z' },
      { skill: 'communication', latest: 40, best: 100, assessments: 3, quizzes: 2, rolePlays: 1, lastAt: '2026-11-03T10:00:00.000Z' },
    ])
  })

  it('is empty with no assessments', () => {
    expect(skillsProfile([])).toEqual([])
  })
})

describe('unread coaching notes', () => {
  const notes = [{ ref: 'a', at: new Date('2026-11-01T10:00:00Z') }, { ref: 'b', at: new Date('2026-11-02T10:00:00Z') }]
  it.each([
    [[], 2],
    [['b'], 1],
    [['a'], 1],
    [['a', 'b'], 0],
    [['someone-else'], 2],
  ])('counts exactly the notes not opened (opened %j → %i)', (seen, count) => {
    expect(unreadCoaching({ coaching: notes, coachingSeen: seen })).toBe(count)
  })
  it.each([
    [null, 2],
    [new Date('2026-11-01T09:59:59Z'), 2],
    [new Date('2026-11-01T10:00:00Z'), 1],
    [new Date('2026-11-02T10:00:00Z'), 0],
  ])('still reads the seen-up-to time of mailboxes written before notes were marked one by one (%s → %i)', (seen, count) => {
    expect(unreadCoaching({ coaching: notes, coachingSeenAt: seen })).toBe(count)
  })
  it('counts none for a person with no mailbox yet', () => {
    expect(unreadCoaching(null)).toBe(0)
  })
})
