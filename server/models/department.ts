import mongoose, { Schema, type InferSchemaType } from 'mongoose'

const departmentSchema = new Schema({
  name: { type: String, required: true },
  slug: { type: String, required: true },
  // Copied on overdue reminders when the organisation turns that on.
  leadEmail: { type: String, default: '' },
}, { timestamps: true })

departmentSchema.index({ slug: 1 }, { unique: true })

export type Department = InferSchemaType<typeof departmentSchema>
export const DepartmentModel = mongoose.models.Department as mongoose.Model<Department>
  ?? mongoose.model('Department', departmentSchema)
