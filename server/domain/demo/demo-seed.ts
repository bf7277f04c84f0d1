import type { Types } from 'mongoose'
import type { QuizAnswer } from '../../../shared/schemas/learning'
import type { OrgSettings } from '../../../shared/schemas/mail'
import { DepartmentModel } from '../../models/department'
import { UserModel } from '../../models/user'
import type { ContentLibrary } from '../content/content-library'
import { sampleAnswer } from '../quiz/grading'
import { attemptQuestions } from '../quiz/attempt-questions'
import { closeAttempt, openAttempt, storeAnswers } from '../quiz/quiz-attempts'
import { applyStep, openRun } from '../scenario/scenario-runs'
import { recordLesson } from '../learning/lesson-completions'
import { noteLessonOpened } from '../learning/learner-record'
import { updateOrgSettings } from '../mail/org-settings'
import { assignedPaths, pathItems } from '../learning/path-progress'

export const DEMO_PASSWORD = 'demo-password-2026'
export const DEMO_DOMAIN = 'acme.example'

export const DEMO_DEPARTMENTS = [
  { slug: 'retail-floor', name: 'Retail Floor', leadEmail: 'retail.lead@acme.example' },
  { slug: 'contact-centre', name: 'Contact Centre', leadEmail: 'contact.lead@acme.example' },
  { slug: 'after-sales', name: 'After-Sales' },
  { slug: 'billing', name: 'Billing' },
  { slug: 'logistics', name: 'Logistics' },
  { slug: 'reception', name: 'Reception' },
  { slug: 'people-and-training', name: 'People & Training' },
]

const JOB_ROLES: Record<string, string[]> = {
  'retail-floor': ['Sales associate', 'Cashier', 'Floor supervisor'],
  'contact-centre': ['Contact-centre agent', 'Contact-centre agent', 'Team leader'],
  'after-sales': ['Service technician', 'Warranty coordinator'],
  'billing': ['Billing clerk', 'Accounts specialist'],
  'logistics': ['Delivery coordinator', 'Warehouse operative'],
  'reception': ['Receptionist', 'Front-desk coordinator'],
  'people-and-training': ['HR adviser', 'Trainer'],
}

const FIRST = ['Amara', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hugo', 'Isla', 'Jonas', 'Keira', 'Liam', 'Maya', 'Nikhil', 'Olivia', 'Pavel', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Umar', 'Vera', 'Wes', 'Ximena', 'Yusuf', 'Zoe']
const LAST = ['Adeyemi', 'Brennan', 'Castillo', 'Dubois', 'Evans', 'Fischer', 'Gallagher', 'Hughes', 'Iqbal', 'Jensen', 'Kowalski', 'Lindqvist', 'Moreau', 'Novak', 'Okafor', 'Patel', 'Rossi', 'Silva', 'Tanaka', 'Varga', 'Walsh']

/** A small seeded generator, so the demo organisation is the same on every machine. */
export function seededRandom(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D2B79F5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const DAY = 86_400_000

interface DemoPerson { name: string, email: string, role: 'staff' | 'trainer' | 'hr' | 'admin', department: string, jobRole: string, startDaysAgo: number, activity: number }

/** The people of the demo organisation: named sign-ins first, then 60 staff. */
export function demoPeople(random = seededRandom(2026)): DemoPerson[] {
  const people: DemoPerson[] = [
    { name: 'Alex Morgan', email: `admin@${DEMO_DOMAIN}`, role: 'admin', department: 'people-and-training', jobRole: 'Operations manager', startDaysAgo: 900, activity: 1 },
    { name: 'Harriet Cole', email: `hr@${DEMO_DOMAIN}`, role: 'hr', department: 'people-and-training', jobRole: 'HR adviser', startDaysAgo: 700, activity: 1 },
    { name: 'Hassan Ali', email: `hr2@${DEMO_DOMAIN}`, role: 'hr', department: 'people-and-training', jobRole: 'HR adviser', startDaysAgo: 120, activity: 0.5 },
    { name: 'Tom Reyes', email: `trainer@${DEMO_DOMAIN}`, role: 'trainer', department: 'people-and-training', jobRole: 'Trainer', startDaysAgo: 800, activity: 1 },
    { name: 'Priya Shah', email: `trainer2@${DEMO_DOMAIN}`, role: 'trainer', department: 'people-and-training', jobRole: 'Trainer', startDaysAgo: 400, activity: 1 },
    { name: 'Sam Taylor', email: `staff@${DEMO_DOMAIN}`, role: 'staff', department: 'retail-floor', jobRole: 'Sales associate', startDaysAgo: 2, activity: 0 },
    { name: 'Jordan Lee', email: `agent@${DEMO_DOMAIN}`, role: 'staff', department: 'contact-centre', jobRole: 'Contact-centre agent', startDaysAgo: 25, activity: 0.5 },
  ]
  const departments = DEMO_DEPARTMENTS.map(d => d.slug).filter(d => d !== 'people-and-training')
  const used = new Set(people.map(p => p.email))
  while (people.length < 67) {
    const first = FIRST[Math.floor(random() * FIRST.length)]!
    const last = LAST[Math.floor(random() * LAST.length)]!
    const email = `${first}.${last}@${DEMO_DOMAIN}`.toLowerCase()
    if (used.has(email)) continue
    used.add(email)
    const department = departments[people.length % departments.length]!
    const roles = JOB_ROLES[department]!
    // Start dates over the last eight months; newer people have done less.
    const startDaysAgo = Math.floor(random() * 240)
    const roll = random()
    const activity = roll < 0.2 ? 0 : roll < 0.7 ? Math.min(1, random() * (startDaysAgo / 45)) : 1
    people.push({ name: `${first} ${last}`, email, role: 'staff', department, jobRole: roles[Math.floor(random() * roles.length)]!, startDaysAgo, activity })
  }
  return people
}

async function takeQuiz(library: ContentLibrary, user: Types.ObjectId, quizId: string, skill: number, at: Date, random: () => number) {
  const { definition: quiz, version } = library.quizzes.get(quizId)!
  const attempt = await openAttempt(library, user, quiz, version, at)
  const answers: Record<string, QuizAnswer> = {}
  for (const question of await attemptQuestions(attempt, { definition: quiz, version })) answers[question.id] = sampleAnswer(question, random() < skill)
  await storeAnswers(attempt, answers)
  const graded = await closeAttempt(attempt._id, quiz, new Date(at.getTime() + 6 * 60_000))
  return graded.passed === true
}

async function playScenario(library: ContentLibrary, user: Types.ObjectId, scenarioId: string, skill: number, at: Date, random: () => number) {
  const { definition: scenario, version } = library.scenarios.get(scenarioId)!
  let run = await openRun(library, user, scenario, version, at)
  let clock = at.getTime()
  while (run.status === 'in-progress') {
    const node = scenario.nodes[run.node]!
    const choices = node.choices
    const best = [...choices].sort((a, b) => total(b.scores) - total(a.scores))[0]!
    const choice = random() < skill ? best : choices[Math.floor(random() * choices.length)]!
    clock += 4000 + Math.floor(random() * 20_000)
    // At a written node a demo learner writes one of the file's good or bad example replies.
    const written = node.written && (random() < skill
      ? node.written.good[Math.floor(random() * node.written.good.length)]!
      : node.written.bad[Math.floor(random() * node.written.bad.length)]!.text)
    const answer = written ? { text: written } : { choice: choice.id }
    const outcome = await applyStep(run, scenario, version, run.node, answer, new Date(clock), library)
    if (outcome.kind !== 'applied' && outcome.kind !== 'repeated') break
    run = outcome.run
  }
  return run.passed === true
}

const total = (scores: Partial<Record<string, number>> | undefined) => Object.values(scores ?? {}).reduce<number>((sum, v) => sum + (v ?? 0), 0)

/** Works through the learner's paths in order, up to the share `activity` of the items. */
async function simulateLearning(library: ContentLibrary, user: { _id: Types.ObjectId, startDate: Date, departmentSlug: string, jobRole: string }, activity: number, now: Date, random: () => number) {
  const items = [...new Map(assignedPaths(library, { departmentSlug: user.departmentSlug, jobRole: user.jobRole, startDate: user.startDate })
    .flatMap(path => pathItems(library, path)).map(item => [`${item.kind}:${item.id}`, item])).values()]
  const count = Math.round(items.length * activity)
  const span = Math.max(DAY, now.getTime() - user.startDate.getTime() - DAY)
  const skill = 0.6 + random() * 0.4
  let last: Date | undefined
  for (const [i, item] of items.slice(0, count).entries()) {
    const at = new Date(user.startDate.getTime() + DAY / 2 + (span * (i + random() * 0.5)) / Math.max(1, items.length))
    last = new Date(at.getTime() + DAY / 2)
    if (item.kind === 'lesson') {
      const [course, lesson] = item.id.split('/') as [string, string]
      // Read as a learner reads: opened, then marked read after the estimated minutes.
      const minutes = library.lessons.find(l => l.course === course && l.slug === lesson)?.minutes ?? 5
      await noteLessonOpened(user._id, course, lesson, new Date(at.getTime() - minutes * 60_000))
      await recordLesson(user._id, course, lesson, at, { minutes, percent: 100 })
    }
    else if (item.kind === 'quiz') {
      if (!await takeQuiz(library, user._id, item.id, skill, at, random)) {
        await takeQuiz(library, user._id, item.id, Math.min(1, skill + 0.3), new Date(at.getTime() + DAY / 4), random)
      }
    }
    else if (!await playScenario(library, user._id, item.id, skill, at, random)) {
      await playScenario(library, user._id, item.id, 0.95, new Date(at.getTime() + DAY / 4), random)
    }
  }
  return last
}

// The demo's reminders go out at any hour, so the dev inbox fills as soon as the app runs.
const DEMO_SETTINGS = {
  organisationName: 'Acme Retail', sendHourUtc: 0, overdueCopyLead: true,
  welcome: true, dueSoon: true, overdue: true, certExpiring: true, certExpired: true, hrDigest: true, hrMonthly: true,
} satisfies Partial<OrgSettings>
const REMINDERS_OFF = {
  welcome: false, dueSoon: false, overdue: false, certExpiring: false, certExpired: false, hrDigest: false, hrMonthly: false,
} satisfies Partial<OrgSettings>

/**
 * Loads the demo organisation: departments, 67 people in every role, and learning
 * activity spread over their start dates. Writes nothing when people already exist.
 */
export async function seedDemo(options: { now?: Date, log?: (line: string) => void } = {}) {
  const now = options.now ?? new Date()
  const log = options.log ?? (() => {})
  if (await UserModel.exists({})) return { seeded: false, people: 0 }
  // The scheduler runs while the people are loaded: until their learning is written, it would
  // remind them of work the seed is about to mark done, and sign the mail "Your organisation".
  await updateOrgSettings({ ...DEMO_SETTINGS, ...REMINDERS_OFF })
  for (const department of DEMO_DEPARTMENTS) {
    await DepartmentModel.updateOne({ slug: department.slug }, { $setOnInsert: department }, { upsert: true })
  }
  const departments = new Map((await DepartmentModel.find().lean()).map(d => [d.slug, d._id]))
  const passwordHash = await hashUserPassword(DEMO_PASSWORD)
  const people = demoPeople()
  const random = seededRandom(7)
  const library = await getContentLibrary()
  for (const [i, person] of people.entries()) {
    const startDate = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - person.startDaysAgo * DAY)
    const user = await UserModel.create({ ...person, department: departments.get(person.department), startDate, passwordHash })
    if (person.activity > 0) {
      const finished = await simulateLearning(library, { _id: user._id, startDate, departmentSlug: person.department, jobRole: person.jobRole }, person.activity, now, random)
      // Certificates are issued as of the learner's last activity, not the day of seeding.
      if (finished && finished < now) await refreshLearner(user._id, finished)
    }
    await refreshLearner(user._id, now)
    if ((i + 1) % 10 === 0) log(`demo seed: ${i + 1} of ${people.length} people`)
  }
  await updateOrgSettings(DEMO_SETTINGS)
  log(`demo seed: ${people.length} people in ${DEMO_DEPARTMENTS.length} departments; sign in with ${people[0]!.email} / ${DEMO_PASSWORD}`)
  return { seeded: true, people: people.length }
}
