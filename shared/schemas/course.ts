import { z } from './zod.ts'
import { Slug } from './content'

export const CourseParams = z.object({ course: Slug })
export const LessonParams = z.object({ course: Slug, lesson: Slug })
