import type { ContentError } from './content-library'
import type { ContentStatus } from './content-store'
import type { QuizFigures, ScenarioFigures } from '../../../shared/types/validity'
import type { VersionLabel } from '../../../shared/types/versions'
import { toNumber, type QuizValidity, type ScenarioValidity, type Strategy } from './content-validity'
import { courseVersionKey, lessonVersionKey, pathVersionKey, quizVersionKey, scenarioVersionKey, versionLabel, type VersionSeen } from './content-version-labels'

// What the trainer overview lists: every course, lesson, quiz, scenario and path
// with its content version and what the checker says about its file. Pure.

export interface CheckStatus { file: string, version: string, label: VersionLabel, errors: { field: string, message: string }[], warnings: { field: string, message: string }[] }

/** Submitted attempts per quiz; completed runs per scenario and content version. */
export interface TakenCounts {
  attempts: Map<string, number>
  runs: Map<string, Map<string, number>>
  /** "course/lesson" → readers, and the median seconds from first opening to marking read over `timed` of them. */
  lessons?: Map<string, { readers: number, medianSeconds: number | null, timed: number }>
}

/** `logs`: when each item's versions were first seen (content-versions.ts), keyed like the log. */
export function contentOverview(status: ContentStatus, counts: TakenCounts = { attempts: new Map(), runs: new Map() }, logs: Map<string, VersionSeen[]> = new Map()) {
  const { library, fileVersions, validity } = status
  const errors = status.errors.filter(e => e.severity !== 'warning')
  const warnings = status.errors.filter(e => e.severity === 'warning')
  const of = (list: ContentError[], file: string) => list.filter(e => e.file === file).map(e => ({ field: e.field, message: e.message }))
  const check = (key: string, file: string, version = fileVersions.get(file) ?? ''): CheckStatus =>
    ({ file, version, label: versionLabel(logs.get(key), version), errors: of(errors, file), warnings: of(warnings, file) })
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
      slug: c.slug, title: c.title, ...check(courseVersionKey(c.slug), c.file),
    })),
    lessons: library.lessons.map(l => ({
      course: l.course, slug: l.slug, title: l.title, order: l.order, minutes: l.minutes, ...check(lessonVersionKey(l.course, l.slug), l.file),
      reads: counts.lessons?.get(`${l.course}/${l.slug}`) ?? { readers: 0, medianSeconds: null, timed: 0 },
    })),
    quizzes: [...library.quizzes.values()].map(({ definition: q, version, file }) => ({
      id: q.id, course: q.course, title: q.title, questionCount: q.questions.length, poolSize: q.poolSize ?? null, passMark: q.passMark,
      ...check(quizVersionKey(q.id), file, version), attempts: counts.attempts.get(q.id) ?? 0,
      validity: quizFigures(validity.quizzes.get(q.id)),
    })),
    scenarios: [...library.scenarios.values()].map(({ definition: s, version, file }) => ({
      id: s.id, course: s.course, title: s.title, channel: s.channel, nodeCount: Object.keys(s.nodes).length,
      ...check(scenarioVersionKey(s.id), file, version), runs: completedRuns(s.id, version),
      validity: scenarioFigures(validity.scenarios.get(s.id)),
    })),
    paths: [...library.paths.values()].map(({ definition: p, version, file }) => ({
      id: p.id, title: p.title, dueDays: p.dueDays, certificate: p.certificate.name,
      requires: p.requires, ...check(pathVersionKey(p.id), file, version),
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

/**
 * Per lesson ("course/lesson"): how many learners have marked it read, and the median time from
 * first opening it to marking it read, over the readers whose opening was recorded (null when
 * none was). Opening is recorded since the reading floor was added; earlier reads have no time.
 */
export function lessonReads(reads: Map<string, { openedAt: Date | null, readAt: Date }[]>) {
  const out = new Map<string, { readers: number, medianSeconds: number | null, timed: number }>()
  for (const [lesson, list] of reads) {
    const seconds = list.filter(r => r.openedAt && r.readAt >= r.openedAt).map(r => (r.readAt.getTime() - r.openedAt!.getTime()) / 1000).sort((a, b) => a - b)
    const mid = Math.floor(seconds.length / 2)
    const median = !seconds.length ? null : seconds.length % 2 ? seconds[mid]! : (seconds[mid - 1]! + seconds[mid]!) / 2
    out.set(lesson, { readers: list.length, medianSeconds: median, timed: seconds.length })
  }
  return out
}
