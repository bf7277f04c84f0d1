import { mountSuspended } from '@nuxt/test-utils/runtime'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, type ComputedRef } from 'vue'
import ListPager from '../../components/ui/ListPager.vue'
import { useQueryFilters } from '../../composables/useQueryFilters'

describe('ListPager', () => {
  it('says where you are and turns the page, never past the first or last', async () => {
    const pager = await mountSuspended(ListPager, { props: { page: 2, pageSize: 20, total: 45, noun: 'entries' } })
    expect(pager.find('nav').attributes('aria-label')).toBe('Pages')
    expect(pager.text()).toContain('Page 2 of 3 · 45 entries')
    const [previous, next] = pager.findAll('button')
    await previous!.trigger('click')
    await next!.trigger('click')
    expect(pager.emitted('go')).toEqual([[1], [3]])
    const first = await mountSuspended(ListPager, { props: { page: 1, pageSize: 20, total: 20, noun: 'people' } })
    expect(first.text()).toContain('Page 1 of 1 · 20 people')
    expect(first.findAll('button').map(b => b.attributes('disabled'))).toEqual(['', ''])
  })

  it('shows one page for an empty list', async () => {
    const empty = await mountSuspended(ListPager, { props: { page: 1, pageSize: 20, total: 0, noun: 'runs' } })
    expect(empty.text()).toContain('Page 1 of 1 · 0 runs')
  })
})

describe('useQueryFilters', () => {
  it('reads filters from the URL with defaults, and a change of filter goes back to page 1', async () => {
    let api!: ReturnType<typeof useQueryFilters<{ state: string, course: string }>>
    const Probe = defineComponent({
      setup() {
        api = useQueryFilters({ state: 'pending', course: '' })
        return () => h('p', JSON.stringify(api.query.value))
      },
    })
    const router = useRouter()
    const probe = await mountSuspended(Probe)
    await router.replace({ path: '/', query: { course: 'soft-skills', page: '3', other: 'kept' } })
    await nextTick()
    expect(api.filters.value).toEqual({ state: 'pending', course: 'soft-skills' })
    expect(api.page.value).toBe(3)
    expect(api.query.value).toEqual({ state: 'pending', course: 'soft-skills', page: 3 })

    await api.go({ state: 'reviewed' })
    await nextTick()
    expect(router.currentRoute.value.query).toEqual({ course: 'soft-skills', state: 'reviewed', other: 'kept' })
    expect(api.page.value).toBe(1)

    await api.go({ page: 2 })
    expect(router.currentRoute.value.query.page).toBe('2')
    // Back to a default or cleared: left out of the URL.
    await api.go({ state: 'pending', course: '' })
    expect(router.currentRoute.value.query).toEqual({ other: 'kept' })
    await nextTick()
    expect(probe.text()).toBe(JSON.stringify({ state: 'pending', page: 1 }))
  })

  it('ignores a page that is not a positive whole number', async () => {
    let page!: ComputedRef<number>
    const Probe = defineComponent({
      setup() {
        page = useQueryFilters({}).page
        return () => h('p')
      },
    })
    await useRouter().replace({ path: '/', query: { page: '-2' } })
    await mountSuspended(Probe)
    expect(page.value).toBe(1)
  })
})
