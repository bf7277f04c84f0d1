import { UserModel } from '../../models/user'
import { DepartmentModel } from '../../models/department'

export default defineEventHandler(async (event) => {
  await requireRole(event, DEPARTMENT_READERS)
  const [departments, counts] = await Promise.all([
    DepartmentModel.find({}, { name: 1, slug: 1, leadEmail: 1 }).sort({ name: 1 }).lean(),
    UserModel.aggregate<{ _id: unknown, people: number }>([
      { $match: { active: true } },
      { $group: { _id: '$department', people: { $sum: 1 } } },
    ]),
  ])
  const people = new Map(counts.map(c => [String(c._id), c.people]))
  return departments.map(d => ({ id: String(d._id), name: d.name, slug: d.slug, leadEmail: d.leadEmail ?? '', people: people.get(String(d._id)) ?? 0 }))
})
