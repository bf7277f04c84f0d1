import { DepartmentBody } from '../../../shared/schemas/accounts'
import { DepartmentModel } from '../../models/department'

export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, ADMINS)
  const body = await readValidBody(event, DepartmentBody)
  const department = await DepartmentModel.create(body).catch((error) => {
    throw isDuplicateKey(error) ? invalidField('body', 'slug', `a department "${body.slug}" already exists`, 409) : error
  })
  await recordAudit(actor, 'department.create', body.slug)
  setResponseStatus(event, 201)
  return { id: String(department._id), name: department.name, slug: department.slug, people: 0 }
})
