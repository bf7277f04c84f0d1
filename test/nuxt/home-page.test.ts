import { mountSuspended } from '@nuxt/test-utils/runtime'
import { describe, expect, it } from 'vitest'
import HomePage from '../../pages/index.vue'

describe('home page', () => {
  it('addresses each kind of user', async () => {
    const page = await mountSuspended(HomePage)
    expect(page.find('h1').text()).toContain('Serve every customer')
    const items = page.findAll('li').map(li => li.text())
    expect(items.some(t => t.startsWith('New staff'))).toBe(true)
    expect(items.some(t => t.startsWith('Trainers'))).toBe(true)
    expect(items.some(t => t.startsWith('HR'))).toBe(true)
  })
})
