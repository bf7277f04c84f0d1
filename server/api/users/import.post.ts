import { ImportBody } from '../../../shared/schemas/accounts'
import { UserModel } from '../../models/user'

// Preview (commit: false) and import (commit: true) run the same checks; an import
// writes nothing unless every row is valid.
export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, HR_STAFF)
  const { csv, commit } = await readValidBody(event, ImportBody)
  const { fileErrors, rows, departments } = await checkStaffImport(csv)
  const invalid = rows.filter(r => r.errors.length).length
  const report = { fileErrors, rows, valid: rows.length - invalid, invalid }
  if (!commit) return { ...report, created: 0 }
  if (fileErrors.length || invalid) {
    throw createError({ statusCode: 400, statusMessage: `Nothing was imported: ${fileErrors.length ? fileErrors[0] : `${invalid} row${invalid === 1 ? ' has' : 's have'} errors`}.`, data: report })
  }
  // No passwords: each person is e-mailed an invitation to choose their own.
  const docs = rows.map(({ values }) => ({
    name: values.name,
    email: values.email.toLowerCase(),
    role: 'staff',
    department: departments!.get(values.department),
    jobRole: values.jobRole,
    startDate: new Date(values.startDate),
    passwordHash: '',
  }))
  const created = await UserModel.insertMany(docs)
  for (const user of created) await refreshLearner(user._id)
  await recordAudit(actor, 'user.import', `${created.length} people`)
  const now = requestNow(event)
  const invitations = { sent: 0, notSent: 0 }
  for (const user of created) {
    const result = await sendInvitation(user, actor.name, now)
    invitations[result === 'sent' ? 'sent' : 'notSent']++
  }
  return { ...report, created: created.length, invitations }
})
