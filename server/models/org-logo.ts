import mongoose, { Schema, type InferSchemaType } from 'mongoose'

// The organisation's logo, one document (_id 'organisation'), uploaded by an admin and
// printed on certificates. Kept apart from the settings so reading those stays small.
const orgLogoSchema = new Schema({
  _id: { type: String, required: true },
  contentType: { type: String, required: true, enum: ['image/png', 'image/jpeg'] },
  data: { type: Buffer, required: true },
  width: { type: Number, required: true },
  height: { type: Number, required: true },
}, { timestamps: true })

export type OrgLogoDoc = InferSchemaType<typeof orgLogoSchema>
export const OrgLogoModel = mongoose.models.OrgLogo as mongoose.Model<OrgLogoDoc>
  ?? mongoose.model('OrgLogo', orgLogoSchema)
