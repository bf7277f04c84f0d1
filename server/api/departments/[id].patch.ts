import { UpdateDepartmentBody } from '../../../shared/schemas/accounts'
import { IdParams } from '../../../shared/schemas/learning'
import { DepartmentModel } from '../../models/department'

// The slug stays: learning paths name departments by it.
export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, ADMINS)
  const { id } = await getValidParams(event, IdParams)
  const { name, leadEmail } = await readValidBody(event, UpdateDepartmentBody)
  const department = await DepartmentModel.findByIdAndUpdate(id, { $set: { name, ...(leadEmail !== undefined ? { leadEmail } : {}) } }, { returnDocument: 'after' }).lean()
  if (!department) throw createError({ statusCode: 404, statusMessage: 'There is no such department.' })
  await recordAudit(actor, 'department.rename', department.slug, { name, leadEmail })
  return { id: String(department._id), name: department.name, slug: department.slug, leadEmail: department.leadEmail ?? '' }
})
