import { queryCollection } from '@nuxt/content/server'
import type { H3Event } from 'h3'
import type { Types } from 'mongoose'
import { getContentLibrary } from '../content/content-store'
import { lessonSummary } from './catalogue'
import { getLearnerRecord } from './learner-record'

// A lesson as every reader sees it (the same for all, so kept once per process and build:
// the body comes with the build), and apart from it what is one learner's own.

const views = new Map<string, Promise<LessonView | null>>()

export type LessonView = NonNullable<Awaited<ReturnType<typeof readLesson>>>

async function readLesson(event: H3Event, course: string, slug: string) {
  const library = await getContentLibrary()
  const lessons = library.lessons.filter(l => l.course === course)
  const index = lessons.findIndex(l => l.slug === slug)
  const entry = lessons[index]
  if (!entry) throw createError({ statusCode: 404, statusMessage: `Course "${course}" has no lesson "${slug}".` })
  const page = await queryCollection(event, 'lessons').path(entry.path).first()
  if (!page) throw createError({ statusCode: 404, statusMessage: `The lesson "${entry.title}" is not published yet.` })
  const neighbour = (i: number) => (lessons[i] ? { slug: lessons[i].slug, title: lessons[i].title } : null)
  return {
    course: { slug: course, title: library.courses.get(course)?.title ?? course },
    lesson: { ...lessonSummary(entry), body: page.body },
    position: { index: index + 1, total: lessons.length },
    previous: neighbour(index - 1),
    next: neighbour(index + 1),
  }
}

/** The lesson page's content: read from the content database once, then from memory. */
export async function lessonView(event: H3Event, course: string, slug: string): Promise<LessonView> {
  const key = `${course}/${slug}`
  let view = views.get(key)
  if (!view) {
    view = readLesson(event, course, slug)
    views.set(key, view)
    // A missing lesson is not kept: the key comes from the request.
    view.catch(() => views.delete(key))
  }
  return (await view)!
}

/** The learner's own part of a lesson page: read or not, and when. */
export async function lessonProgress(userId: Types.ObjectId | string, course: string, slug: string) {
  const library = await getContentLibrary()
  if (!library.lessons.some(l => l.course === course && l.slug === slug)) {
    throw createError({ statusCode: 404, statusMessage: `Course "${course}" has no lesson "${slug}".` })
  }
  const readAt = (await getLearnerRecord(userId)).lessons[`${course}/${slug}`]
  return { completed: Boolean(readAt), completedAt: readAt ? new Date(readAt) : null }
}
