// Public on purpose: the organisation's name and locale, from which every page (the sign-in
// and verification pages too) formats its dates. Changed by an admin through /api/mail/settings.
export default defineEventHandler(async () => publicOrg())
