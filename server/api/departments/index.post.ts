import { DepartmentBody } from '../../../shared/schemas/accounts'
import { DepartmentModel } from '../../models/department'

export default defineEventHandler(async (event) => {
  const actor = await requireRole(event, ['admin'])
  const body = await readValidBody(event, DepartmentBody)
  const department = await DepartmentModel.create(body).catch((error) => {
    if ((error as { code?: number }).code === 11000) {
      throw createError({ statusCode: 409, statusMessage: `Invalid body: slug: a department "${body.slug}" already exists`, data: { fields: [{ field: 'slug', message: 'already exists' }] } })
    }
    throw error
  })
  await recordAudit(actor, 'department.create', body.slug)
  setResponseStatus(event, 201)
  return { id: String(department._id), name: department.name, slug: department.slug, people: 0 }
})
