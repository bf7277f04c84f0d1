import { SKILLS } from '../../../shared/schemas/content'
import type { SkillProfileRow } from '../../../shared/types/learning'

// The skills profile on "My results": for each skill the content tags, what every finished
// assessment said about it. A quiz attempt scores a skill by the share of its questions on
// that skill answered right; a role-play run by the skill's points over the best possible.
// Pure: learner-results.ts reads the attempts and runs (by _id) and passes their scores here.

/** One assessment's score in one skill (0–100). */
export interface SkillPoint { skill: string, kind: 'quiz' | 'scenario', at: Date | string, score: number }

/** A quiz attempt's score in each skill its questions were tagged with. */
export function quizSkillPoints(results: { skill: string, correct: boolean }[], at: Date | string): SkillPoint[] {
  const bySkill = new Map<string, { right: number, total: number }>()
  for (const r of results) {
    const entry = bySkill.get(r.skill) ?? { right: 0, total: 0 }
    entry.total++
    if (r.correct) entry.right++
    bySkill.set(r.skill, entry)
  }
  return [...bySkill].map(([skill, { right, total }]) => ({ skill, kind: 'quiz', at, score: Math.round((right / total) * 100) }))
}

/** A role-play run's score in each skill it scores. */
export const scenarioSkillPoints = (skills: { skill: string, percent: number }[], at: Date | string): SkillPoint[] =>
  skills.map(s => ({ skill: s.skill, kind: 'scenario', at, score: Math.min(100, Math.max(0, s.percent)) }))

/**
 * Per skill: the latest score (of the newest assessment that scored it), the best, and how
 * many quizzes and role-plays scored it; skills in the content's order, unassessed ones left out.
 */
export function skillsProfile(points: SkillPoint[]): SkillProfileRow[] {
  const time = (p: SkillPoint) => new Date(p.at).getTime()
  const order = (skill: string) => {
    const i = (SKILLS as readonly string[]).indexOf(skill)
    return i < 0 ? SKILLS.length : i
  }
  const bySkill = new Map<string, SkillPoint[]>()
  for (const p of points) bySkill.set(p.skill, [...bySkill.get(p.skill) ?? [], p])
  return [...bySkill].map(([skill, list]) => {
    const latest = list.reduce((a, b) => (time(b) > time(a) ? b : a))
    return {
      skill,
      latest: latest.score,
      best: Math.max(...list.map(p => p.score)),
      assessments: list.length,
      quizzes: list.filter(p => p.kind === 'quiz').length,
      rolePlays: list.filter(p => p.kind === 'scenario').length,
      lastAt: new Date(latest.at).toISOString(),
    }
  }).sort((a, b) => order(a.skill) - order(b.skill) || a.skill.localeCompare(b.skill))
}
