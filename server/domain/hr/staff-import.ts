import { parseCsv } from '../../../shared/utils/csv'
import { ImportRow } from '../../../shared/schemas/accounts'
import type { FieldError } from '../../utils/input'
import { DepartmentModel } from '../../models/department'
import { UserModel } from '../../models/user'

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
