import type { RouteRule } from './types'

// Each area keeps its own table (accounts.ts, learning.ts, …); they are merged here.
const modules = import.meta.glob<{ rules: RouteRule[] }>(['./*.ts', '!./index.ts', '!./types.ts'], { eager: true })

export const ROUTE_RULES: RouteRule[] = Object.values(modules).flatMap(m => m.rules)
