import type { ContentLibrary, LessonEntry } from '../content/content-library'

// What learners may see of the library: no answer keys, no scores, no routes
// through a scenario.

export function lessonSummary(lesson: LessonEntry) {
  return {
    slug: lesson.slug,
    title: lesson.title,
    description: lesson.description,
    minutes: lesson.minutes,
    objectives: lesson.objectives,
    skills: lesson.skills,
  }
}

export function courseSummaries(library: ContentLibrary) {
  return [...library.courses.values()]
    .sort((a, b) => a.order - b.order)
    .map((course) => {
      const lessons = library.lessons.filter(l => l.course === course.slug)
      return {
        slug: course.slug,
        title: course.title,
        description: course.description,
        skills: course.skills,
        lessonCount: lessons.length,
        minutes: lessons.reduce((sum, l) => sum + l.minutes, 0),
        quizCount: [...library.quizzes.values()].filter(q => q.definition.course === course.slug).length,
        scenarioCount: [...library.scenarios.values()].filter(s => s.definition.course === course.slug).length,
      }
    })
}

export function courseDetail(library: ContentLibrary, slug: string) {
  const course = library.courses.get(slug)
  if (!course) return undefined
  return {
    slug: course.slug,
    title: course.title,
    description: course.description,
    skills: course.skills,
    lessons: library.lessons.filter(l => l.course === slug).map(lessonSummary),
    quizzes: [...library.quizzes.values()]
      .filter(q => q.definition.course === slug)
      .map(({ definition: q, version }) => ({
        id: q.id,
        title: q.title,
        description: q.description ?? null,
        questionCount: q.poolSize ?? q.questions.length,
        passMark: q.passMark,
        attemptLimit: q.attemptLimit,
        cooldownMinutes: q.cooldownMinutes,
        version,
      })),
    scenarios: [...library.scenarios.values()]
      .filter(s => s.definition.course === slug)
      .map(({ definition: s, version }) => ({
        id: s.id,
        title: s.title,
        summary: s.summary,
        channel: s.channel,
        persona: s.persona,
        skills: Object.keys(s.passThresholds),
        version,
      })),
  }
}
