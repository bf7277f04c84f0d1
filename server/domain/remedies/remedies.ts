import { createHash } from 'node:crypto'
import { Types } from 'mongoose'
import type { RemedyBody, RemedyView } from '../../../shared/schemas/remedies'
import type { LearnerRecord, RemedyFact } from '../../models/learner-record'
import { UserModel } from '../../models/user'
import { DepartmentModel } from '../../models/department'
import type { CurrentUser } from '../../utils/auth'
import { recordAudit } from '../../utils/audit'
import { getContentLibrary } from '../content/content-store'
import type { ContentLibrary } from '../content/content-library'
import { getLearnerRecord, noteRemedy } from '../learning/learner-record'
import { refreshLearner } from '../learning/refresh-learner'
import { recordsOf } from '../learning/summary-rules'
import { assignedPaths, pathProgress } from '../learning/path-progress'
import { quizPolicyFrom } from '../quiz/quiz-attempts'
import { runPolicyFrom } from '../scenario/scenario-runs'

// Remedies for a stuck or exceptional learner: extra attempts, a lifted cooldown, a later
// due date, an exemption from a path. One domain function per remedy event: it checks the
// caller's scope and the learner's current state, then writes one document, the learner's
// record, with a filter that carries the remedy revision it decided on; if another remedy
// landed in between, it decides again on the new state. The audit entry follows. A
// request that carries the form's requestId has a remedy id derived from it, so repeats
// of that request find their remedy already granted and answer with it.

const MAX_TRIES = 3

/** The remedy id of a request the form sent with a requestId (one per person and request). */
export const remedyIdFor = (person: Types.ObjectId | string, requestId: string) =>
  new Types.ObjectId(createHash('sha256').update(`remedy:${person}:${requestId}`).digest().subarray(0, 12))

/** Who may help whom: nobody their own record; trainers and HR help staff; administrators anyone. */
export function assertInScope(actor: Pick<CurrentUser, 'id' | 'role'>, person: { _id: Types.ObjectId, role: string, active: boolean }) {
  if (String(person._id) === actor.id) {
    throw createError({ statusCode: 403, statusMessage: 'You cannot grant a remedy on your own record; ask a colleague.' })
  }
  if (actor.role !== 'admin' && person.role !== 'staff') {
    throw invalidField('route', 'id', 'is outside your scope: trainers and HR help staff; ask an administrator', 403)
  }
  if (!person.active) {
    throw invalidField('route', 'id', 'is a deactivated account; reactivate it first', 409)
  }
}

async function findPerson(id: string) {
  const person = await UserModel.findById(id, { passwordHash: 0 }).lean()
  if (!person) throw invalidField('route', 'id', 'there is no such person', 404)
  return person
}

/** The learner's attempt policy at this quiz or role-play (or a 400 naming `id`). */
function activityPolicy(library: ContentLibrary, record: LearnerRecord, type: 'quiz' | 'scenario', id: string, now: Date) {
  if (type === 'quiz') {
    const quiz = library.quizzes.get(id)?.definition
    if (!quiz) throw invalidField('body', 'id', `there is no quiz "${id}"`)
    return quizPolicyFrom(library, record, quiz, now).policy
  }
  const scenario = library.scenarios.get(id)?.definition
  if (!scenario) throw invalidField('body', 'id', `there is no role-play "${id}"`)
  return runPolicyFrom(library, record, scenario, now).policy
}

const conflict = (message: string) => createError({ statusCode: 409, statusMessage: message })

/** The remedy to write, decided on the learner's record as it is now (or a 4xx, nothing written). */
function decide(body: RemedyBody, context: { library: ContentLibrary, record: LearnerRecord, profile: { departmentSlug: string | null, jobRole: string, startDate: Date }, name: string, now: Date }): Omit<RemedyFact, 'reason' | 'actor' | 'actorName' | 'at'> {
  const { library, record, profile, name, now } = context
  if (body.kind === 'extra-attempts' || body.kind === 'lift-cooldown') {
    const policy = activityPolicy(library, record, body.activity, body.id, now)
    const noun = body.activity === 'quiz' ? 'quiz' : 'role-play'
    if (policy.passed && body.activity === 'quiz') throw conflict(`${name} has already passed this ${noun}.`)
    if (body.kind === 'extra-attempts') {
      if (policy.remaining === null) throw conflict(`This ${noun} has no attempt limit: ${name} can already try again.`)
      return { kind: body.kind, item: { type: body.activity, id: body.id }, attempts: body.attempts }
    }
    if (!policy.nextAttemptAt) throw conflict(`${name} is not waiting to try this ${noun} again: there is no cooldown to lift.`)
    return { kind: body.kind, item: { type: body.activity, id: body.id } }
  }
  const path = library.paths.get(body.path)?.definition
  const assigned = assignedPaths(library, profile).some(p => p.id === body.path)
  if (!path || !assigned) throw invalidField('body', 'path', path ? `is not assigned to ${name}` : `there is no path "${body.path}"`)
  const progress = pathProgress(library, path, profile, recordsOf(record), now)
  if (progress.exempt) throw conflict(`${name} is already exempt from ${path.title}.`)
  if (body.kind === 'exempt') return { kind: body.kind, item: { type: 'path', id: body.path } }
  if (progress.certificate) throw conflict(`${name} holds a valid certificate for ${path.title}: there is no due date to extend.`)
  const dueAt = new Date(`${body.dueDate}T23:59:59.999Z`)
  if (dueAt <= progress.dueAt) throw invalidField('body', 'dueDate', `must be after the current due date, ${progress.dueAt.toISOString().slice(0, 10)}`)
  if (dueAt.getTime() > now.getTime() + 366 * 86_400_000) throw invalidField('body', 'dueDate', 'must be within a year from today')
  return { kind: body.kind, item: { type: 'path', id: body.path }, dueAt, previousDueAt: progress.dueAt, cycle: progress.cycle }
}

/**
 * Grants one remedy to one person. Nothing is written unless the caller is in scope, the
 * item exists and the remedy changes something; the write is a single conditional update.
 */
export async function grantRemedy(actor: CurrentUser, personId: string, body: RemedyBody, now = new Date()) {
  const person = await findPerson(personId)
  assertInScope(actor, person)
  const library = await getContentLibrary()
  const department = person.department ? await DepartmentModel.findById(person.department, { slug: 1 }).lean() : null
  const profile = { departmentSlug: department?.slug ?? null, jobRole: person.jobRole ?? '', startDate: person.startDate }
  const id = body.requestId ? remedyIdFor(person._id, body.requestId) : new Types.ObjectId()
  let fact: RemedyFact | undefined
  for (let tries = 0; !fact && tries < MAX_TRIES; tries++) {
    const record = await getLearnerRecord(person._id)
    // A repeat of a request already granted: that grant is the answer (its audit entry
    // and the summary are completed below, should the first request have been cut off).
    const granted = record.remedies[String(id)]
    if (granted) {
      fact = granted
      break
    }
    const decided: RemedyFact = { ...decide(body, { library, record, profile, name: person.name, now }), reason: body.reason, actor: actor.id, actorName: actor.name, at: now }
    // Written only if no other remedy landed since the record was read; else decide again.
    if (await noteRemedy(person._id, String(id), decided, record.remedyRevision)) fact = decided
  }
  if (!fact) throw conflict('Someone else changed this person\'s remedies at the same moment; reload and try again.')
  await recordAudit(actor, `remedy.${fact.kind}`, String(person._id), {
    item: fact.item,
    ...(fact.attempts ? { attempts: fact.attempts } : {}),
    ...(fact.dueAt ? { dueAt: fact.dueAt, previousDueAt: fact.previousDueAt } : {}),
    reason: fact.reason,
    remedy: String(id),
  }, { subject: person._id, _id: id })
  await refreshLearner(person._id, now)
  return remedyView(String(id), fact, library)
}

export function remedyView(id: string, fact: RemedyFact, library: ContentLibrary): RemedyView {
  const { type, id: item } = fact.item
  const title = type === 'quiz'
    ? library.quizzes.get(item)?.definition.title
    : type === 'scenario' ? library.scenarios.get(item)?.definition.title : library.paths.get(item)?.definition.title
  const iso = (d?: Date) => (d ? new Date(d).toISOString() : null)
  return {
    id,
    kind: fact.kind,
    item: { type, id: item, title: title ?? item },
    attempts: fact.attempts ?? null,
    dueAt: iso(fact.dueAt),
    previousDueAt: iso(fact.previousDueAt),
    reason: fact.reason,
    actor: { id: fact.actor, name: fact.actorName },
    at: new Date(fact.at).toISOString(),
  }
}

/** A person's remedies, newest first (the person's page). */
export function remediesOf(record: Pick<LearnerRecord, 'remedies'>, library: ContentLibrary) {
  return Object.entries(record.remedies ?? {})
    .map(([id, fact]) => remedyView(id, fact, library))
    .sort((a, b) => b.at.localeCompare(a.at))
}

/**
 * The person's remedy panel: who they are, each quiz and role-play of their paths with the
 * attempts used and left and any cooldown, each path with its due date and status, and
 * the remedies granted so far.
 */
export async function remedyOptions(actor: CurrentUser, personId: string, now: Date) {
  const person = await findPerson(personId)
  assertInScope(actor, person)
  const library = await getContentLibrary()
  const department = person.department ? await DepartmentModel.findById(person.department, { slug: 1 }).lean() : null
  const profile = { departmentSlug: department?.slug ?? null, jobRole: person.jobRole ?? '', startDate: person.startDate }
  const record = await getLearnerRecord(person._id)
  const records = recordsOf(record)
  const paths = assignedPaths(library, profile)
  const quizIds = [...new Set(paths.flatMap(p => p.requires.quizzes))].filter(id => library.quizzes.has(id))
  const scenarioIds = [...new Set(paths.flatMap(p => p.requires.scenarios))].filter(id => library.scenarios.has(id))
  const activity = (type: 'quiz' | 'scenario', id: string) => {
    const policy = activityPolicy(library, record, type, id, now)
    const title = type === 'quiz' ? library.quizzes.get(id)!.definition.title : library.scenarios.get(id)!.definition.title
    return { type, id, title, used: policy.used, limit: policy.limit, remaining: policy.remaining, passed: policy.passed, nextAttemptAt: policy.nextAttemptAt?.toISOString() ?? null }
  }
  return {
    person: { id: String(person._id), name: person.name, email: person.email, role: person.role },
    activities: [...quizIds.map(id => activity('quiz', id)), ...scenarioIds.map(id => activity('scenario', id))],
    paths: paths.map((path) => {
      const p = pathProgress(library, path, profile, records, now)
      return { id: path.id, title: path.title, dueAt: p.dueAt.toISOString(), dueExtended: p.dueExtended, exempt: p.exempt, certified: Boolean(p.certificate), done: p.done, required: p.required }
    }),
    remedies: remediesOf(record, library),
  }
}
