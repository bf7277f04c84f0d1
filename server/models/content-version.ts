import mongoose, { Schema, type InferSchemaType } from 'mongoose'

// When Rapport first saw each version of one content item (server/domain/content/content-versions.ts):
// the trainer pages show "Version 3 · 2 Dec 2026" instead of a bare hash. `_id` is the item
// (`quiz:<id>`, `scenario:<id>`, `path:<id>`, `course:<slug>`, `lesson:<course>/<slug>`): read
// and written by _id only. A version is added once, by an insert guarded by the _id or a $push
// whose filter says the version is not there yet; an entry is never changed afterwards.
const seenSchema = new Schema({
  version: { type: String, required: true },
  firstSeen: { type: Date, required: true },
}, { _id: false })

const contentVersionSchema = new Schema({
  _id: { type: String, required: true },
  versions: { type: [seenSchema], default: [] },
}, { versionKey: false })

export type ContentVersionLog = InferSchemaType<typeof contentVersionSchema>
export const ContentVersionModel = mongoose.models.ContentVersion as mongoose.Model<ContentVersionLog>
  ?? mongoose.model('ContentVersion', contentVersionSchema, 'contentversions')
