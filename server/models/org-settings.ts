import mongoose, { Schema, type InferSchemaType } from 'mongoose'

// The organisation's settings, one document (_id 'organisation'), edited by admins.
// The shape and defaults are shared/schemas/mail.ts (OrgSettings); this stores them.
const orgSettingsSchema = new Schema({
  _id: { type: String, required: true },
  settings: { type: Schema.Types.Mixed, required: true },
}, { timestamps: true, minimize: false })

export type OrgSettingsDoc = InferSchemaType<typeof orgSettingsSchema>
export const OrgSettingsModel = mongoose.models.OrgSettings as mongoose.Model<OrgSettingsDoc>
  ?? mongoose.model('OrgSettings', orgSettingsSchema)
