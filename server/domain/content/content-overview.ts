import type { ContentError } from './content-library'
import type { ContentStatus } from './content-store'
import type { QuizFigures, ScenarioFigures } from '../../../shared/types/validity'
import { toNumber, type QuizValidity, type ScenarioValidity, type Strategy } from './content-validity'

// What the trainer overview lists: every course, lesson, quiz, scenario and path
// with its content version and what the checker says about its file. Pure.

export interface CheckStatus { file: string, version: string, errors: { field: string, message: string }[], warnings: { field: string, message: string }[] }

/** Submitted attempts per quiz; completed runs per scenario and content version. */
export interface TakenCounts { attempts: Map<string, number>, runs: Map<string, Map<string, number>> }

export function contentOverview(status: ContentStatus, counts: TakenCounts = { attempts: new Map(), runs: new Map() }) {
  const { library, fileVersions, validity } = status
  const errors = status.errors.filter(e => e.severity !== 'warning')
  const warnings = status.errors.filter(e => e.severity === 'warning')
  const of = (list: ContentError[], file: string) => list.filter(e => e.file === file).map(e => ({ field: e.field, message: e.message }))
  const check = (file: string, version?: string): CheckStatus => ({ file, version: version ?? fileVersions.get(file) ?? '', errors: of(errors, file), warnings: of(warnings, file) })
  const completedRuns = (id: string, version: string) => {
    const perVersion = counts.runs.get(id) ?? new Map<string, number>()
    return { total: [...perVersion.values()].reduce((a, b) => a + b, 0), current: perVersion.get(version) ?? 0 }
  }

  const loaded = new Set<string>([
    ...[...library.courses.values()].map(c => c.file),
    ...library.lessons.map(l => l.file),
    ...[...library.quizzes.values()].map(q => q.file),
    ...[...library.scenarios.values()].map(s => s.file),
    ...[...library.paths.values()].map(p => p.file),
  ])
  // Files the checker could not load at all: only their errors can be shown.
  const unloaded = new Map<string, ContentError[]>()
  for (const e of errors) {
    if (loaded.has(e.file) || !fileVersions.has(e.file)) continue
    unloaded.set(e.file, [...unloaded.get(e.file) ?? [], e])
  }

  // Findings about the library as a whole (the folder, not one file), such as the longest-option share.
  const library_ = status.errors.filter(e => !fileVersions.has(e.file) && !loaded.has(e.file) && !unloaded.has(e.file))
    .map(e => ({ scope: e.file, field: e.field, message: e.message, warning: e.severity === 'warning' }))

  return {
    errorCount: errors.length,
    warningCount: warnings.length,
    libraryFindings: library_,
    fileCount: fileVersions.size,
    courses: [...library.courses.values()].sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug)).map(c => ({
      slug: c.slug, title: c.title, ...check(c.file),
    })),
    lessons: library.lessons.map(l => ({
      course: l.course, slug: l.slug, title: l.title, order: l.order, minutes: l.minutes, ...check(l.file),
    })),
    quizzes: [...library.quizzes.values()].map(({ definition: q, version, file }) => ({
      id: q.id, course: q.course, title: q.title, questionCount: q.questions.length, poolSize: q.poolSize ?? null, passMark: q.passMark,
      ...check(file, version), attempts: counts.attempts.get(q.id) ?? 0,
      validity: quizFigures(validity.quizzes.get(q.id)),
    })),
    scenarios: [...library.scenarios.values()].map(({ definition: s, version, file }) => ({
      id: s.id, course: s.course, title: s.title, channel: s.channel, nodeCount: Object.keys(s.nodes).length,
      ...check(file, version), runs: completedRuns(s.id, version),
      validity: scenarioFigures(validity.scenarios.get(s.id)),
    })),
    paths: [...library.paths.values()].map(({ definition: p, version, file }) => ({
      id: p.id, title: p.title, dueDays: p.dueDays, certificate: p.certificate.name,
      requires: p.requires, ...check(file, version),
    })),
    unloaded: [...unloaded].map(([file, list]) => ({ file, errors: list.map(e => ({ field: e.field, message: e.message })) })),
  }
}

export type ContentOverview = ReturnType<typeof contentOverview>

/** What the validity check measured on a quiz, for the trainer's table and the editor's preview. */
export function quizFigures(v: QuizValidity | undefined): QuizFigures | null {
  return v ? { guessPass: v.guessPass, longestCorrect: v.longest.longest, singleChoice: v.longest.single } : null
}

/** What the validity check measured on a role-play: null when its graph could not be played. */
export function scenarioFigures(v: ScenarioValidity | undefined): ScenarioFigures | null {
  if (!v) return null
  return {
    routes: v.routeCount,
    randomPass: toNumber(v.randomPass),
    randomPassFraction: `${v.randomPass.n}/${v.randomPass.d}`,
    passingStrategies: (Object.entries(v.strategies) as [Strategy, boolean][]).filter(([, passed]) => passed).map(([s]) => s),
    bestIsLongest: v.bestIsLongest.nodes,
    nodes: v.bestIsLongest.of,
  }
}
