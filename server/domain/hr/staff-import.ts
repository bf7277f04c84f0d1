import { Types } from 'mongoose'
import { parseCsv } from '../../../shared/utils/csv'
import { ImportRow } from '../../../shared/schemas/accounts'
import type { ImportReport } from '../../../shared/types/accounts'
import type { CurrentUser } from '../../utils/auth'
import type { FieldError } from '../../utils/input'
import { refreshLearner } from '../learning/refresh-learner'
import { sendInvitation } from '../accounts/account-links'
import { DepartmentModel } from '../../models/department'
import { UserModel } from '../../models/user'
import { UserEmailModel } from '../../models/user-email'

const COLUMNS = {
  name: ['name', 'full name'],
  email: ['email', 'e-mail', 'email address'],
  department: ['department'],
  jobRole: ['job role', 'jobrole', 'job_role', 'role', 'job title'],
  startDate: ['start date', 'startdate', 'start_date'],
} as const
type Column = keyof typeof COLUMNS

export interface ImportRowResult {
  line: number
  values: Record<Column, string>
  errors: FieldError[]
  /** Set by an import: whether this row's person was created. */
  created?: boolean
}

/** Parses and checks every row of a staff CSV without writing anything. */
export async function checkStaffImport(csv: string) {
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

  const departments = new Map((await DepartmentModel.find({}, { slug: 1 }).lean()).map(d => [d.slug, d._id]))
  const emails = rows.map(r => (r[index.email] ?? '').trim().toLowerCase())
  const existing = new Set((await UserModel.find({ email: { $in: emails } }, { email: 1 }).lean()).map(u => u.email))
  const seen = new Map<string, number>()

  const results: ImportRowResult[] = rows.map((cells, i) => {
    const line = i + 2
    const values = Object.fromEntries((Object.keys(COLUMNS) as Column[]).map(c => [c, (cells[index[c]] ?? '').trim()])) as Record<Column, string>
    const errors: FieldError[] = []
    const parsed = ImportRow.safeParse(values)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ field: String(issue.path[0] ?? 'row'), message: issue.message })
    }
    else {
      if (!departments.has(parsed.data.department)) errors.push({ field: 'department', message: `there is no department "${parsed.data.department}"` })
      if (existing.has(parsed.data.email)) errors.push({ field: 'email', message: 'someone already has this email' })
      const earlier = seen.get(parsed.data.email)
      if (earlier) errors.push({ field: 'email', message: `repeats the email on line ${earlier}` })
      seen.set(parsed.data.email, line)
    }
    return { line, values, errors }
  })
  if (!results.length) fileErrors.push('the file has a header row but no people')
  return { fileErrors, rows: results, departments }
}

/**
 * Previews (commit false) or imports (commit true) a staff CSV. An import writes nothing
 * unless every row checks out; then it inserts the people with ordered: false, so a row
 * that another import or an edit took meanwhile (the unique email index refuses it)
 * fails alone. The report says row by row who was created; an invitation to choose a
 * password (an import makes none), the email lookup entry and a summary are made for
 * exactly those.
 */
const findUser = (id: Types.ObjectId) => UserModel.findById(id).lean()

export async function importStaff(actor: CurrentUser, csv: string, commit: boolean, now = new Date()): Promise<ImportReport> {
  const { fileErrors, rows, departments } = await checkStaffImport(csv)
  const invalid = rows.filter(r => r.errors.length).length
  const report = { fileErrors, rows, valid: rows.length - invalid, invalid }
  if (!commit) return { ...report, created: 0 }
  if (fileErrors.length || invalid) {
    throw createError({ statusCode: 400, statusMessage: `Nothing was imported: ${fileErrors.length ? fileErrors[0] : `${invalid} row${invalid === 1 ? ' has' : 's have'} errors`}.`, data: report })
  }
  const docs = rows.map(({ values }) => ({
    _id: new Types.ObjectId(),
    name: values.name,
    email: values.email.toLowerCase(),
    role: 'staff',
    department: departments!.get(values.department),
    jobRole: values.jobRole,
    startDate: new Date(values.startDate),
    passwordHash: '',
  }))
  let refused = new Map<number, string>()
  try {
    await UserModel.insertMany(docs, { ordered: false })
  }
  catch (error) {
    const writeErrors = (error as { writeErrors?: { index: number, code?: number, err?: { code?: number } }[] }).writeErrors
    if (!writeErrors) throw error
    refused = new Map(writeErrors.map(e => [e.index, (e.code ?? e.err?.code) === 11000 ? 'someone already has this email' : 'could not be saved; import this row again']))
  }
  const created: NonNullable<Awaited<ReturnType<typeof findUser>>>[] = []
  for (const [i, doc] of docs.entries()) {
    const row = rows[i]!
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
  await recordAudit(actor, 'user.import', `${created.length} people`)
  const invitations = { sent: 0, notSent: 0 }
  for (const user of created) {
    const result = await sendInvitation(user, actor.name, now)
    invitations[result === 'sent' ? 'sent' : 'notSent']++
  }
  return { ...report, created: created.length, invitations }
}
