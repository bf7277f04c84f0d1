import { CertificateParams, RevokeCertificateBody } from '#shared/schemas/learning'

export default defineEventHandler(async (event) => {
  const user = await requireRole(event, HR_STAFF)
  const { code } = await getValidParams(event, CertificateParams)
  const { reason } = await readValidBody(event, RevokeCertificateBody)
  return revokeCertificate(user, code, reason)
})
