import { mountSuspended } from '@nuxt/test-utils/runtime'
import { describe, expect, it } from 'vitest'
import HrCompletionChart from '../../components/hr/HrCompletionChart.vue'
import type { OverviewRow } from '../../shared/schemas/hr'

const row = (name: string, headcount: number, onboarded: number, complete: number): OverviewRow => ({
  slug: name.toLowerCase(), name, headcount, onboarded, complete, onTrack: 0, overdue: 0, notStarted: 0, exempt: 0, expiringSoon: 0,
})
// The chart itself draws on the client only; its caption and its text for screen readers are what is checked.
const mount = (departments: OverviewRow[]) => mountSuspended(HrCompletionChart, { props: { departments }, global: { stubs: { ClientOnly: true } } })

describe('HrCompletionChart', () => {
  it('says once that everyone onboarded is certified, instead of drawing the same bar twice', async () => {
    const chart = await mount([row('Retail', 4, 1, 1), row('Contact', 2, 0, 0)])
    expect(chart.find('figcaption').text()).toContain('All onboarded staff are certified now.')
    expect(chart.find('figcaption').text()).not.toContain('Hatched')
    expect((chart.vm as unknown as { summary: string }).summary).toContain('Retail: 25% onboarded, all of them certified now')
  })

  it('marks the difference when some onboarded people are no longer certified', async () => {
    const chart = await mount([row('Retail', 4, 3, 1), row('Contact', 2, 2, 2)])
    const caption = chart.find('figcaption').text()
    expect(caption).toContain('Hatched end: onboarded but not certified now')
    expect(caption).not.toContain('All onboarded staff')
    expect((chart.vm as unknown as { summary: string }).summary).toContain('Retail: 75% onboarded, 25% certified now; Contact: 100% onboarded, all of them certified now')
  })
})
