import { queryCollection } from '@nuxt/content/server'
import { LessonParams } from '#shared/schemas/course'

export default defineEventHandler(async (event) => {
  await requireContentReader(event)
  const { course, lesson: slug } = await getValidParams(event, LessonParams)
  const library = await getContentLibrary()
  const lessons = library.lessons.filter(l => l.course === course)
  const index = lessons.findIndex(l => l.slug === slug)
  const entry = lessons[index]
  if (!entry) throw createError({ statusCode: 404, statusMessage: `Course "${course}" has no lesson "${slug}".` })

  const page = await queryCollection(event, 'lessons').path(entry.path).first()
  if (!page) throw createError({ statusCode: 404, statusMessage: `The lesson "${entry.title}" is not published yet.` })

  const session = await getUserSession(event)
  const completed = session.user
    ? Boolean((await getLearnerRecord(session.user.id)).lessons[`${course}/${slug}`])
    : false

  const neighbour = (i: number) => (lessons[i] ? { slug: lessons[i].slug, title: lessons[i].title } : null)
  return {
    course: { slug: course, title: library.courses.get(course)?.title ?? course },
    lesson: { ...lessonSummary(entry), body: page.body },
    completed,
    position: { index: index + 1, total: lessons.length },
    previous: neighbour(index - 1),
    next: neighbour(index + 1),
  }
})
