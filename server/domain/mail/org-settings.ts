import { DEFAULT_SETTINGS, OrgSettings } from '../../../shared/schemas/mail'
import { OrgSettingsModel } from '../../models/org-settings'
import type { Org } from './messages'
import { setFormatLocale } from '../../../shared/utils/format'

// The organisation's settings: one document read by _id, kept here for 30 seconds so the
// scheduler and the mail routes do not read it per message. An admin's change reaches
// every app process within that time (this process at once).

const ID = 'organisation'
const MAX_AGE_MS = 30_000
let cached: { at: number, settings: OrgSettings } | undefined

export async function orgSettings(): Promise<OrgSettings> {
  if (cached && Date.now() - cached.at < MAX_AGE_MS) return cached.settings
  const doc = await OrgSettingsModel.findById(ID).lean()
  // Settings saved by an older version keep working: unknown or missing keys fall back to defaults.
  const parsed = OrgSettings.safeParse({ ...DEFAULT_SETTINGS, ...(doc?.settings as object | undefined) })
  const settings = parsed.success ? parsed.data : DEFAULT_SETTINGS
  cached = { at: Date.now(), settings }
  setFormatLocale(settings.locale)
  return settings
}

export async function updateOrgSettings(changes: Partial<OrgSettings>): Promise<OrgSettings> {
  const settings = OrgSettings.parse({ ...await orgSettings(), ...changes })
  await OrgSettingsModel.updateOne({ _id: ID }, { $set: { settings } }, { upsert: true })
  cached = { at: Date.now(), settings }
  setFormatLocale(settings.locale)
  return settings
}

/** The public address links in e-mails start with (APP_URL; the dev script sets it). */
export const appUrl = () => (process.env.APP_URL?.trim() || 'http://localhost:3000').replace(/\/+$/, '')

/** The organisation as anyone may see it (pages set their date format from it): its name and locale. */
export async function publicOrg() {
  const { organisationName, locale } = await orgSettings()
  return { name: organisationName, locale }
}

export async function currentOrg(): Promise<Org> {
  return { name: (await orgSettings()).organisationName, url: appUrl() }
}
