import { Types } from 'mongoose'
import { parseCsv } from '../../../shared/utils/csv'
import { dateInputHint, formatDate, parseDate, type OrgLocale } from '../../../shared/utils/format'
import { ImportRow, ROLE_LABELS, type Role } from '../../../shared/schemas/accounts'
import type { ImportChange, ImportReport } from '../../../shared/types/accounts'
import type { CurrentUser } from '../../utils/auth'
import type { FieldError } from '../../utils/input'
import { refreshLearner } from '../learning/refresh-learner'
import { noteProfileChange } from '../learning/learner-record'
import { sendInvitation } from '../accounts/account-links'
import { updateAccount } from '../accounts/account-facts'
import { findUserByEmail } from '../accounts/user-emails'
import { orgSettings } from '../mail/org-settings'
import { DepartmentModel } from '../../models/department'
import { UserModel } from '../../models/user'
import { UserEmailModel } from '../../models/user-email'

const COLUMNS = {
  name: ['name', 'full name'],
  email: ['email', 'e-mail', 'email address'],
  department: ['department', 'department name', 'department id'],
  jobRole: ['job role', 'jobrole', 'job_role', 'role', 'job title'],
  startDate: ['start date', 'startdate', 'start_date'],
} as const
type Column = keyof typeof COLUMNS
/** Field names as people read them in messages and previews. */
const LABELS: Record<Column, string> = { name: 'name', email: 'email', department: 'department', jobRole: 'job role', startDate: 'start date' }

/** What a valid row will write: the resolved values, and for an existing person their record. */
interface RowPlan {
  name: string
  email: string
  department: Types.ObjectId
  jobRole: string
  startDate: string
  existing: Awaited<ReturnType<typeof findUserByEmail>>
}

export interface ImportRowResult {
  line: number
  values: Record<Column, string>
  errors: FieldError[]
  action?: 'create' | 'update' | 'unchanged'
  changes?: ImportChange[]
  /** The row names a deactivated person: their record is updated and they stay deactivated. */
  deactivated?: boolean
  /** Set by an import: whether this row's person was created. */
  created?: boolean
  /** Set by an import: whether this row's person was updated. */
  updated?: boolean
  /** How the row was read: the department's name and the start date in the organisation's format. */
  reading?: { department: string, startDate: string }
  plan?: RowPlan
}

const normal = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ')

/** Why a start date cannot be read, as a sentence's end: the file's text, then how to write it. */
function dateProblem(text: string, locale: OrgLocale) {
  const how = `write it as ${dateInputHint(locale)}`
  if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$/.test(text)) return `"${text}" has a two-digit year, which could be read more than one way; ${how}`
  const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}$/.exec(text)
  if (numeric) {
    const order = formatDate('2026-12-01', 'numeric', locale).startsWith('01') ? 'day, month, year' : 'month, day, year'
    return `"${text}" is not a real date when read as ${order}, as the organisation writes dates; ${how}`
  }
  return `"${text}" is not a date; ${how}`
}

/**
 * Parses and checks every row of a staff CSV without writing anything. A department is
 * found by its id, its slug or its name (any case); a start date is ISO or the
 * organisation's way (shared/utils/format.ts). A row whose email belongs to someone
 * already is an update of that person, with each change listed (old → new).
 */
export async function checkStaffImport(csv: string, actor: { role: string }) {
  // Dates are read and shown the organisation's way (admin → Organisation).
  const { locale } = await orgSettings()
  const [header, ...rows] = parseCsv(csv)
  if (!header) return { fileErrors: ['the file has no header row'], rows: [] }
  const names = header.map(h => h.trim().toLowerCase())
  const index = {} as Record<Column, number>
  const fileErrors: string[] = []
  for (const column of Object.keys(COLUMNS) as Column[]) {
    index[column] = names.findIndex(n => (COLUMNS[column] as readonly string[]).includes(n))
    if (index[column] < 0) fileErrors.push(`the header row needs a "${COLUMNS[column][0]}" column`)
  }
  if (fileErrors.length) return { fileErrors, rows: [] }
  if (rows.length > 2000) return { fileErrors: [`the file has ${rows.length} rows; import at most 2000 at a time`], rows: [] }

  const departments = await DepartmentModel.find({}, { slug: 1, name: 1 }).lean()
  const departmentOf = new Map<string, (typeof departments)[number]>()
  for (const d of departments) {
    departmentOf.set(normal(d.name), d)
    departmentOf.set(d.slug, d)
    departmentOf.set(String(d._id), d)
  }
  const departmentName = (id: unknown) => departments.find(d => String(d._id) === String(id))?.name ?? 'none'
  // Existing people by email: two reads by _id each (the email lookup, then the person).
  const emails = [...new Set(rows.map(r => normal(r[index.email] ?? '')).filter(Boolean))]
  const existing = new Map<string, Awaited<ReturnType<typeof findUserByEmail>>>()
  for (const email of emails) existing.set(email, await findUserByEmail(email))
  const seen = new Map<string, number>()

  const results: ImportRowResult[] = rows.map((cells, i) => {
    const line = i + 2
    const values = Object.fromEntries((Object.keys(COLUMNS) as Column[]).map(c => [c, (cells[index[c]] ?? '').trim()])) as Record<Column, string>
    const errors: FieldError[] = []
    const parsed = ImportRow.safeParse(values)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'row')
        errors.push({ field: LABELS[field as Column] ?? field, message: issue.message })
      }
      return { line, values, errors }
    }
    const row = parsed.data
    const department = departmentOf.get(normal(row.department))
    if (!department) errors.push({ field: 'department', message: `there is no department "${row.department}" (use its name or id, as on the Departments page)` })
    const startDate = parseDate(row.startDate, locale)
    if (!startDate) errors.push({ field: 'start date', message: dateProblem(row.startDate, locale) })
    const earlier = seen.get(row.email)
    if (earlier) errors.push({ field: 'email', message: `repeats the email on line ${earlier}` })
    seen.set(row.email, line)
    const person = existing.get(row.email) ?? null
    if (person && actor.role !== 'admin' && person.role !== 'staff') {
      errors.push({ field: 'email', message: `belongs to someone with the ${ROLE_LABELS[person.role as Role]} role, whose record only an administrator can change` })
    }
    if (errors.length || !department || !startDate) return { line, values, errors }
    const plan: RowPlan = { name: row.name, email: row.email, department: department._id, jobRole: row.jobRole, startDate, existing: person }
    const reading = { department: department.name, startDate: formatDate(startDate, 'short', locale) }
    if (!person) return { line, values, errors, action: 'create', reading, plan }
    const changes: ImportChange[] = []
    if (person.name !== row.name) changes.push({ field: 'name', label: 'Name', from: person.name, to: row.name })
    if (String(person.department ?? '') !== String(department._id)) changes.push({ field: 'department', label: 'Department', from: departmentName(person.department), to: department.name })
    if ((person.jobRole ?? '') !== row.jobRole) changes.push({ field: 'jobRole', label: 'Job role', from: person.jobRole || 'none', to: row.jobRole })
    const oldStart = person.startDate.toISOString().slice(0, 10)
    if (oldStart !== startDate) changes.push({ field: 'startDate', label: 'Start date', from: formatDate(oldStart, 'short', locale), to: formatDate(startDate, 'short', locale) })
    const deactivated = person.active === false ? { deactivated: true } : {}
    return { line, values, errors, action: changes.length ? 'update' : 'unchanged', changes, ...deactivated, reading, plan }
  })
  if (!results.length) fileErrors.push('the file has a header row but no people')
  return { fileErrors, rows: results }
}

/**
 * Previews (commit false) or imports (commit true) a staff CSV. An import writes nothing
 * unless every row checks out. New people are inserted with ordered: false, so a row that
 * another import or an edit took meanwhile (the unique email index refuses it) fails
 * alone; an existing person is updated by one write whose filter expects the email the
 * preview matched. The report says row by row who was created or updated; an invitation
 * to choose a password (an import makes none), the email lookup entry and a summary are
 * made for exactly the people created; each update is audited with its changes.
 */
const findUser = (id: Types.ObjectId) => UserModel.findById(id).lean()

/** A row as the client sees it: never the matched person's record. */
const rowView = ({ plan: _plan, ...row }: ImportRowResult) => row

export async function importStaff(actor: CurrentUser, csv: string, commit: boolean, now = new Date()): Promise<ImportReport> {
  const { fileErrors, rows } = await checkStaffImport(csv, actor)
  const invalid = rows.filter(r => r.errors.length).length
  const count = (action: string) => rows.filter(r => !r.errors.length && r.action === action).length
  const summary = () => ({
    fileErrors,
    rows: rows.map(rowView),
    valid: rows.length - invalid,
    invalid,
    toCreate: count('create'),
    toUpdate: count('update'),
    unchanged: count('unchanged'),
  })
  if (!commit) return { ...summary(), created: 0, updated: 0 }
  if (fileErrors.length || invalid) {
    throw createError({ statusCode: 400, statusMessage: `Nothing was imported: ${fileErrors.length ? fileErrors[0] : `${invalid} row${invalid === 1 ? ' has' : 's have'} errors`}.`, data: { ...summary(), created: 0, updated: 0 } })
  }
  const creating = rows.filter(r => r.action === 'create')
  const docs = creating.map(({ plan }) => ({
    _id: new Types.ObjectId(),
    name: plan!.name,
    email: plan!.email,
    role: 'staff',
    department: plan!.department,
    jobRole: plan!.jobRole,
    startDate: new Date(plan!.startDate),
    passwordHash: '',
  }))
  let refused = new Map<number, string>()
  if (docs.length) {
    try {
      await UserModel.insertMany(docs, { ordered: false })
    }
    catch (error) {
      const writeErrors = (error as { writeErrors?: { index: number, code?: number, err?: { code?: number } }[] }).writeErrors
      if (!writeErrors) throw error
      refused = new Map(writeErrors.map(e => [e.index, (e.code ?? e.err?.code) === 11000 ? 'someone already has this email' : 'could not be saved; import this row again']))
    }
  }
  const created: NonNullable<Awaited<ReturnType<typeof findUser>>>[] = []
  for (const [i, doc] of docs.entries()) {
    const row = creating[i]!
    // What the database holds decides, whatever the error said.
    const stored = refused.has(i) ? null : await findUser(doc._id)
    if (!stored) {
      row.errors.push({ field: 'email', message: refused.get(i) ?? 'could not be saved; import this row again' })
      row.created = false
      continue
    }
    row.created = true
    created.push(stored)
    // The model's insertMany hook does not run when a row is refused: note the lookup here.
    await UserEmailModel.updateOne({ _id: doc.email }, { $set: { user: doc._id } }, { upsert: true })
    await refreshLearner(doc._id)
  }
  let updated = 0
  for (const row of rows.filter(r => r.action === 'update')) {
    const { plan, changes } = row
    const person = plan!.existing!
    const written = await updateAccount(
      person._id,
      { $set: { name: plan!.name, department: plan!.department, jobRole: plan!.jobRole, startDate: new Date(plan!.startDate) } },
      { email: person.email },
    )
    if (!written) {
      row.errors.push({ field: 'email', message: 'this person\'s email changed meanwhile; import this row again' })
      row.updated = false
      continue
    }
    row.updated = true
    updated++
    await noteProfileChange(person._id)
    await refreshLearner(person._id)
    const changed = Object.fromEntries(changes!.map(c => [c.field, { from: c.from, to: c.to }]))
    await recordAudit(actor, 'user.update', String(person._id), { fields: changes!.map(c => c.field), changes: changed, import: true }, { subject: person._id })
  }
  await recordAudit(actor, 'user.import', `${created.length} people`, { created: created.length, updated })
  const invitations = { sent: 0, notSent: 0 }
  for (const user of created) {
    const result = await sendInvitation(user, actor.name, now)
    invitations[result === 'sent' ? 'sent' : 'notSent']++
  }
  return { ...summary(), created: created.length, updated, invitations }
}
