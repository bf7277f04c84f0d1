import { AuditQuery } from '#shared/schemas/audit'

// The audit log: administrators see everything; HR, read-only, the entries about staff.
export default defineEventHandler(async (event) => {
  const viewer = await requireRole(event, HR_STAFF)
  const query = await getValidQuery(event, AuditQuery)
  return auditReport(viewer, query)
})
