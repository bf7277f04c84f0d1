import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPeople, signIn, type SignedIn } from '../support/accounts'
import { library, playScenario, takeQuiz } from '../support/learning'
import { startServer, type TestServer } from '../support/server'

// "My results" over HTTP: the navigation's new-coaching-note count, and the skills profile
// across quiz attempts and role-play runs made through the learner routes.

interface Notices { unread: number, coaching: number }
interface SkillRow { skill: string, latest: number, best: number, assessments: number, quizzes: number, rolePlays: number, lastAt: string }
interface Note { text: string, at: string, ref: string }
interface Results { coaching: (Note & { new: boolean, href: string })[], skills: SkillRow[], quizAttempts: { id: string, coaching: Note[] }[] }

const QUIZ_RIGHT = 'service-principles-quiz'
const QUIZ_WRONG = 'soft-skills-quiz'
const SCENARIO = 'policy-wall-personal'

describe('my results', () => {
  let server: TestServer
  let learner: SignedIn
  let other: SignedIn
  let trainer: SignedIn

  beforeAll(async () => {
    server = await startServer()
    await createPeople(server.databaseUri, [
      { email: 'lena@results.test', role: 'staff', name: 'Lena Learner' },
      { email: 'otto@results.test', role: 'staff', name: 'Otto Other' },
      { email: 'tara@results.test', role: 'trainer', name: 'Tara Trainer' },
    ])
    learner = await signIn(server, 'lena@results.test')
    other = await signIn(server, 'otto@results.test')
    trainer = await signIn(server, 'tara@results.test')
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('profiles each skill across quizzes and role-plays: the latest score, the best and how many scored it', async () => {
    expect((await learner.json<Results>('/api/me/results')).body.skills).toEqual([])
    // Every answer right in one quiz, every answer wrong in another, then a passed role-play.
    const right = await takeQuiz(learner, QUIZ_RIGHT, () => true)
    const wrong = await takeQuiz(learner, QUIZ_WRONG, () => false)
    const run = await playScenario(learner, SCENARIO, true)
    expect(run.status).toBe('completed')
    const runSkills = (run.result as unknown as { skills: { skill: string, percent: number }[] }).skills

    // The expected figures, assessment by assessment in the order they were finished.
    const skillsOf = (quizId: string, questions: { id: string }[]) =>
      new Set(questions.map(q => library.quizzes.get(quizId)!.definition.questions.find(d => d.id === q.id)!.skill as string))
    const assessments: { kind: 'quiz' | 'scenario', scores: Map<string, number> }[] = [
      { kind: 'quiz', scores: new Map([...skillsOf(QUIZ_RIGHT, right.questions)].map(s => [s, 100])) },
      { kind: 'quiz', scores: new Map([...skillsOf(QUIZ_WRONG, wrong.questions)].map(s => [s, 0])) },
      { kind: 'scenario', scores: new Map(runSkills.map(s => [s.skill, Math.min(100, Math.max(0, s.percent))])) },
    ]
    const expected = new Map<string, Omit<SkillRow, 'lastAt'>>()
    for (const { kind, scores } of assessments) {
      for (const [skill, score] of scores) {
        const row = expected.get(skill) ?? { skill, latest: 0, best: 0, assessments: 0, quizzes: 0, rolePlays: 0 }
        expected.set(skill, { skill, latest: score, best: Math.max(row.best, score), assessments: row.assessments + 1, quizzes: row.quizzes + (kind === 'quiz' ? 1 : 0), rolePlays: row.rolePlays + (kind === 'scenario' ? 1 : 0) })
      }
    }

    const { status, body } = await learner.json<Results>('/api/me/results')
    expect(status).toBe(200)
    expect(body.skills.map(({ lastAt: _, ...row }) => row).sort((a, b) => a.skill.localeCompare(b.skill)))
      .toEqual([...expected.values()].sort((a, b) => a.skill.localeCompare(b.skill)))
    // A skill scored by all three: its latest is the role-play's, its best the first quiz's.
    const communication = body.skills.find(s => s.skill === 'communication')!
    expect(communication).toMatchObject({ assessments: 3, best: 100, latest: assessments[2]!.scores.get('communication') })
    // Another learner's profile is their own (empty).
    expect((await other.json<Results>('/api/me/results')).body.skills).toEqual([])
  })

  it('counts a trainer\'s new coaching notes for the learner until they have seen them', async () => {
    const attemptId = (await learner.json<Results>('/api/me/results')).body.quizAttempts[0]!.id
    expect((await learner.json<Notices>('/api/me/notices')).body.coaching).toBe(0)
    const post = (text: string) => trainer.json(`/api/trainer/quiz-attempts/${attemptId}/coaching`, { method: 'POST', body: { text } })
    expect((await post('Go back over the lesson on listening.')).status).toBe(201)
    // A retried post leaves one note and one mark.
    expect((await post('Go back over the lesson on listening.')).status).toBe(200)
    expect((await learner.json<Notices>('/api/me/notices')).body).toMatchObject({ coaching: 1, unread: 0 })
    expect((await other.json<Notices>('/api/me/notices')).body.coaching).toBe(0)

    expect((await post('And practise summarising the request.')).status).toBe(201)
    const results = (await learner.json<Results>('/api/me/results')).body
    expect(results.coaching.map(n => n.new)).toEqual([true, true])
    const [newest, older] = results.coaching
    expect((await learner.json<Notices>('/api/me/notices')).body.coaching).toBe(2)

    // Seeing the older note leaves the newer one new.
    const seenOlder = await learner.json<Notices>('/api/me/coaching/seen', { method: 'POST', body: { refs: [older!.ref] } })
    expect(seenOlder.status).toBe(200)
    expect(seenOlder.body.coaching).toBe(1)
    expect((await learner.json<Results>('/api/me/results')).body.coaching.map(n => n.new)).toEqual([true, false])
    // Seeing the newest too; seeing the older one again changes nothing.
    expect((await learner.json<Notices>('/api/me/coaching/seen', { method: 'POST', body: { refs: [newest!.ref] } })).body.coaching).toBe(0)
    expect((await learner.json<Notices>('/api/me/coaching/seen', { method: 'POST', body: { refs: [older!.ref] } })).body.coaching).toBe(0)
    expect((await learner.json<Results>('/api/me/results')).body.coaching.map(n => n.new)).toEqual([false, false])

    // A note after that is new again.
    expect((await post('One more thing: confirm the next step.')).status).toBe(201)
    expect((await learner.json<Notices>('/api/me/notices')).body.coaching).toBe(1)
  })

  it('opening a result marks only its own notes seen, not older notes on other results', async () => {
    // Notes on two results, the first one's older; the learner opens the second.
    const [second, first] = (await learner.json<Results>('/api/me/results')).body.quizAttempts
    await learner.json<Notices>('/api/me/coaching/seen', { method: 'POST', body: { refs: (await learner.json<Results>('/api/me/results')).body.coaching.map(n => n.ref) } })
    expect((await learner.json<Notices>('/api/me/notices')).body.coaching).toBe(0)
    const note = (id: string, text: string) => trainer.json(`/api/trainer/quiz-attempts/${id}/coaching`, { method: 'POST', body: { text } })
    expect((await note(first!.id, 'Older: reread the lesson on tone.')).status).toBe(201)
    expect((await note(second!.id, 'Newer: well done on the follow-up question.')).status).toBe(201)
    expect((await learner.json<Notices>('/api/me/notices')).body.coaching).toBe(2)

    const opened = (await learner.json<{ result: { coaching: Note[] } }>(`/api/quiz-attempts/${second!.id}`)).body.result.coaching
    const seen = await learner.json<Notices>('/api/me/coaching/seen', { method: 'POST', body: { refs: opened.map(n => n.ref) } })
    expect(seen.body.coaching).toBe(1)
    const notes = (await learner.json<Results>('/api/me/results')).body.coaching
    expect(notes.filter(n => n.new).map(n => n.text)).toEqual(['Older: reread the lesson on tone.'])

    // Opening the older one's result as well: nothing new is left. Another learner's
    // refs, or made-up ones, mark nothing.
    const older = (await learner.json<{ result: { coaching: Note[] } }>(`/api/quiz-attempts/${first!.id}`)).body.result.coaching
    expect((await other.json<Notices>('/api/me/coaching/seen', { method: 'POST', body: { refs: older.map(n => n.ref) } })).body.coaching).toBe(0)
    expect((await learner.json<Notices>('/api/me/notices')).body.coaching).toBe(1)
    expect((await learner.json<Notices>('/api/me/coaching/seen', { method: 'POST', body: { refs: older.map(n => n.ref) } })).body.coaching).toBe(0)
  })

  it('refuses a seen list that is not a list of notes, naming the field', async () => {
    const bad = await learner.json<{ data: { fields: { field: string }[] } }>('/api/me/coaching/seen', { method: 'POST', body: { upTo: 'yesterday' } })
    expect(bad.status).toBe(400)
    expect(bad.body.data.fields[0]!.field).toBe('refs')
    expect((await learner.json('/api/me/coaching/seen', { method: 'POST', body: { refs: [] } })).status).toBe(400)
  })
})
