import { describe, expect, it } from 'vitest'
import { Types } from 'mongoose'
import { PROFILE_CLOCK_MARGIN_MS, personAsRead } from '../../server/domain/learning/summary-rules'

const id = new Types.ObjectId()
const readAt = new Date('2026-12-02T12:00:00Z')
const asRead = { id: String(id), name: 'Ada', email: 'ada@learn.test', department: new Types.ObjectId(), jobRole: 'agent', startDate: new Date('2025-01-01'), readAt }

describe('personAsRead: a summary uses the request\'s copy of the person only while the profile has not changed since', () => {
  it('uses the copy when the record has no profile change', () => {
    expect(personAsRead(id, {}, asRead)).toEqual({ _id: id, name: 'Ada', email: 'ada@learn.test', department: asRead.department, jobRole: 'agent', startDate: asRead.startDate, active: true })
  })

  it('uses the copy when the last change is older than the read by more than the clocks\' margin', () => {
    const changed = new Date(readAt.getTime() - PROFILE_CLOCK_MARGIN_MS - 1)
    expect(personAsRead(id, { profileChangedAt: changed }, asRead)?.name).toBe('Ada')
  })

  it('reads again when the profile changed after the copy, or within the margin before it', () => {
    expect(personAsRead(id, { profileChangedAt: new Date(readAt.getTime() + 10) }, asRead)).toBeUndefined()
    expect(personAsRead(id, { profileChangedAt: new Date(readAt.getTime() - PROFILE_CLOCK_MARGIN_MS) }, asRead)).toBeUndefined()
  })

  it('reads again without a copy, without its read time, or for someone else', () => {
    expect(personAsRead(id, {}, undefined)).toBeUndefined()
    expect(personAsRead(id, {}, { ...asRead, readAt: undefined })).toBeUndefined()
    expect(personAsRead(new Types.ObjectId(), {}, asRead)).toBeUndefined()
  })
})
