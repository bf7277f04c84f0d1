import { mountSuspended } from '@nuxt/test-utils/runtime'
import { describe, expect, it } from 'vitest'
import { h } from 'vue'
import { formatDateTime } from '../../shared/utils/format'
import ConfirmAction from '../../components/ui/ConfirmAction.vue'
import DataTable from '../../components/ui/DataTable.vue'
import LocalTime from '../../components/ui/LocalTime.vue'
import PageCrumbs from '../../components/ui/PageCrumbs.vue'
import PageHeading from '../../components/ui/PageHeading.vue'
import ResultBadge from '../../components/ui/ResultBadge.vue'

describe('DataTable', () => {
  const columns = [{ key: 'name', label: 'Name', rowHeader: true }, { key: 'score', label: 'Score' }]

  it('names every cell\'s column for the phone layout and makes the scroller reachable by keyboard', async () => {
    const table = await mountSuspended(DataTable, { props: { caption: 'Scores', columns, rows: [{ id: 'a', name: 'Ann', score: 80 }, { id: 'b', name: 'Ben', score: 55 }], rowKey: 'id' } })
    expect(table.find('caption').text()).toBe('Scores')
    expect(table.findAll('thead th').map(th => th.text())).toEqual(['Name', 'Score'])
    const rows = table.findAll('tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.find('th[scope=row]').text()).toBe('Ann')
    expect(rows[0]!.find('td').attributes('data-label')).toBe('Score')
    expect(rows[1]!.find('td').text()).toBe('55')
    const wrap = table.find('.table-wrap')
    expect(wrap.attributes('tabindex')).toBe('0')
    expect(wrap.attributes('aria-label')).toBe('Scores')
  })

  it('renders a cell through its slot, and says so when there are no rows', async () => {
    const table = await mountSuspended(DataTable, {
      props: { caption: 'Scores', columns, rows: [{ id: 'a', name: 'Ann', score: 80 }], rowKey: 'id' },
      slots: { 'cell-score': ({ value }: { value: unknown }) => h('strong', `${value}%`) },
    })
    expect(table.find('td strong').text()).toBe('80%')
    const empty = await mountSuspended(DataTable, { props: { caption: 'Scores', columns, rows: [], rowKey: 'id', emptyText: 'No scores yet.' } })
    expect(empty.find('tbody td').text()).toBe('No scores yet.')
    expect(empty.find('tbody td').attributes('colspan')).toBe('2')
  })
})

describe('ResultBadge', () => {
  it.each([
    ['passed', '✓ Passed'],
    ['failed', '✗ Not passed yet'],
    ['in-progress', '… In progress'],
    ['not-started', '○ Not started'],
  ] as const)('says %s in words as well as a symbol', async (result, text) => {
    const badge = await mountSuspended(ResultBadge, { props: { result } })
    expect(badge.text()).toBe(text)
    expect(badge.find('[aria-hidden=true]').text()).toBe(text.split(' ')[0])
  })
})

describe('PageCrumbs and PageHeading', () => {
  it('links each page above this one, in a breadcrumb landmark', async () => {
    const crumbs = await mountSuspended(PageCrumbs, { props: { items: [{ to: '/courses', label: 'Courses' }, { to: '/courses/x', label: 'X' }] } })
    expect(crumbs.find('nav').attributes('aria-label')).toBe('Breadcrumb')
    expect(crumbs.findAll('a').map(a => [a.text(), a.attributes('href')])).toEqual([['Courses', '/courses'], ['X', '/courses/x']])
  })

  it('puts the title in the one h1, with its kicker and lead around it', async () => {
    const heading = await mountSuspended(PageHeading, { props: { title: 'My results', kicker: 'Learning', lead: 'Every attempt.' } })
    expect(heading.findAll('h1').map(h1 => h1.text())).toEqual(['My results'])
    expect(heading.find('.kicker').text()).toBe('Learning')
    expect(heading.find('.lead').text()).toBe('Every attempt.')
  })
})

describe('LocalTime', () => {
  it('carries the exact moment and shows it in the browser\'s own time zone, rounded up when asked', async () => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
    const time = await mountSuspended(LocalTime, { props: { value: '2026-12-01T18:19:46Z', round: 'up' } })
    expect(time.find('time').attributes('datetime')).toBe('2026-12-01T18:19:46.000Z')
    expect(time.text()).toBe(formatDateTime('2026-12-01T18:20:00Z', { timeZone: zone }))
  })
})

describe('ConfirmAction', () => {
  it('does the action only from its dialog\'s own button, never from the first click or Cancel', async () => {
    const action = await mountSuspended(ConfirmAction, {
      props: { label: 'End all sessions…', title: 'End all sessions?', confirmLabel: 'Sign them out' },
      slots: { default: () => h('p', 'They are signed out everywhere.') },
      attachTo: document.body,
    })
    const dialog = action.find('dialog')
    expect(dialog.attributes('aria-labelledby')).toBe(action.find('dialog h2').attributes('id'))
    expect(dialog.find('h2').text()).toBe('End all sessions?')
    await action.find('button').trigger('click')
    expect((dialog.element as HTMLDialogElement).open).toBe(true)
    expect(action.emitted('confirm')).toBeUndefined()
    expect(dialog.text()).toContain('They are signed out everywhere.')
    await dialog.findAll('button').find(b => b.text() === 'Cancel')!.trigger('click')
    expect((dialog.element as HTMLDialogElement).open).toBe(false)
    expect(action.emitted('confirm')).toBeUndefined()
    await action.find('button').trigger('click')
    await dialog.find('button[data-confirm]').trigger('click')
    expect(action.emitted('confirm')).toHaveLength(1)
    expect((dialog.element as HTMLDialogElement).open).toBe(false)
    action.unmount()
  })

  it('is disabled while busy and says so', async () => {
    const action = await mountSuspended(ConfirmAction, { props: { label: 'Clear limits…', title: 'Clear?', confirmLabel: 'Clear', busy: true, busyLabel: 'Clearing…' } })
    expect(action.find('button').text()).toBe('Clearing…')
    expect(action.find('button').attributes('disabled')).toBeDefined()
  })
})
