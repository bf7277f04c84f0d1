// Views of the account routes that the client reads.

/** One field an import changes on an existing person, as people read it. */
export interface ImportChange { field: string, label: string, from: string, to: string }

export interface ImportRowView {
  line: number
  values: Record<string, string>
  errors: { field: string, message: string }[]
  /** What the row does: add a person, update the person with this email, or nothing. */
  action?: 'create' | 'update' | 'unchanged'
  /** For an update: each field that changes, old → new. */
  changes?: ImportChange[]
  /** The row names a deactivated person: an import updates their record and they stay deactivated. */
  deactivated?: boolean
  /** After an import: whether this row's person was created (a row can fail alone). */
  created?: boolean
  /** After an import: whether this row's person was updated. */
  updated?: boolean
  /** How a valid row was read: the department's name and the start date in the organisation's format. */
  reading?: { department: string, startDate: string }
}

/** The preview or outcome of a staff CSV import, row by row. */
export interface ImportReport {
  fileErrors: string[]
  rows: ImportRowView[]
  valid: number
  invalid: number
  /** Rows that add a person, update one, or change nothing (valid rows only). */
  toCreate?: number
  toUpdate?: number
  unchanged?: number
  /** People created by this import (0 for a preview). */
  created: number
  /** People updated by this import (0 for a preview). */
  updated?: number
  /** Invitations e-mailed to the people created (an import makes no passwords). */
  invitations?: { sent: number, notSent: number }
}
