import { mountSuspended } from '@nuxt/test-utils/runtime'
import { afterEach, describe, expect, it } from 'vitest'
import { setFormatLocale } from '../../shared/utils/format'
import PersonReminder from '../../components/person/PersonReminder.vue'

describe('PersonReminder', () => {
  afterEach(() => setFormatLocale('en-GB'))

  it('says when the person was last reminded in the organisation\'s date format', async () => {
    setFormatLocale('en-US')
    const panel = await mountSuspended(PersonReminder, { props: { personId: 'p1', name: 'Sam Taylor', lastRemindedAt: '2026-12-01T09:05:00.000Z' } })
    const status = panel.find('[role=status]')
    expect(status.text()).toMatch(/^Last reminded Dec 1, 2026, \d\d:\d\d .+\.$/)
    expect(status.find('time').attributes('datetime')).toBe('2026-12-01T09:05:00.000Z')
  })

  it('says so when the person has never been reminded', async () => {
    const panel = await mountSuspended(PersonReminder, { props: { personId: 'p1', name: 'Sam Taylor', lastRemindedAt: null } })
    expect(panel.find('[role=status]').text()).toBe('Sam Taylor has not been sent a reminder yet.')
  })
})
