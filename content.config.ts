import { defineCollection, defineContentConfig } from '@nuxt/content'
import { CourseMeta, LessonMeta } from './shared/schemas/content'

// Only what every signed-in learner may read goes into a collection. Quizzes,
// scenarios and paths are loaded by the server from content/ as assets.
export default defineContentConfig({
  collections: {
    courses: defineCollection({
      type: 'data',
      source: 'courses/*.yml',
      schema: CourseMeta,
    }),
    lessons: defineCollection({
      type: 'page',
      source: 'lessons/**/*.md',
      schema: LessonMeta,
    }),
  },
})
