// Views of the account routes that the client reads.

export interface ImportRowView {
  line: number
  values: Record<string, string>
  errors: { field: string, message: string }[]
  /** After an import: whether this row's person was created (a row can fail alone). */
  created?: boolean
}

/** The preview or outcome of a staff CSV import, row by row. */
export interface ImportReport {
  fileErrors: string[]
  rows: ImportRowView[]
  valid: number
  invalid: number
  /** People created by this import (0 for a preview). */
  created: number
  /** Invitations e-mailed to the people created (an import makes no passwords). */
  invitations?: { sent: number, notSent: number }
}
