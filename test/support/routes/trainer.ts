import { NO_ID, type RouteRule } from './types'

const TRAINERS = ['trainer', 'admin'] as const

export const rules: RouteRule[] = [
  { method: 'GET', route: '/api/trainer/content', url: '/api/trainer/content', roles: TRAINERS },
  { method: 'GET', route: '/api/trainer/quizzes/[quiz]', url: '/api/trainer/quizzes/no-such-quiz', roles: TRAINERS },
  { method: 'GET', route: '/api/trainer/quizzes/[quiz]/preview', url: '/api/trainer/quizzes/no-such-quiz/preview', roles: TRAINERS },
  { method: 'GET', route: '/api/trainer/scenarios/[scenario]', url: '/api/trainer/scenarios/no-such-scenario', roles: TRAINERS },
  { method: 'GET', route: '/api/trainer/scenarios/[scenario]/preview', url: '/api/trainer/scenarios/no-such-scenario/preview', roles: TRAINERS },
  { method: 'GET', route: '/api/trainer/editor', url: '/api/trainer/editor', roles: TRAINERS },
  { method: 'GET', route: '/api/trainer/editor/file', url: '/api/trainer/editor/file?path=quizzes/no-such-quiz.yml', roles: TRAINERS },
  { method: 'PUT', route: '/api/trainer/editor/file', url: '/api/trainer/editor/file', roles: TRAINERS },
  { method: 'DELETE', route: '/api/trainer/editor/file', url: '/api/trainer/editor/file', roles: TRAINERS },
  { method: 'GET', route: '/api/trainer/editor/template', url: '/api/trainer/editor/template?path=quizzes/no-such-quiz.yml', roles: TRAINERS },
  { method: 'POST', route: '/api/trainer/editor/check', url: '/api/trainer/editor/check', roles: TRAINERS },
  { method: 'POST', route: '/api/trainer/editor/rename', url: '/api/trainer/editor/rename', roles: TRAINERS },
  { method: 'DELETE', route: '/api/trainer/editor/changes/[change]', url: '/api/trainer/editor/changes/no-such-change', roles: TRAINERS },
  { method: 'POST', route: '/api/trainer/written-check', url: '/api/trainer/written-check', roles: TRAINERS },
  { method: 'GET', route: '/api/trainer/review', url: '/api/trainer/review', roles: TRAINERS },
  { method: 'GET', route: '/api/trainer/quiz-attempts/[id]', url: `/api/trainer/quiz-attempts/${NO_ID}`, roles: TRAINERS },
  { method: 'POST', route: '/api/trainer/quiz-attempts/[id]/coaching', url: `/api/trainer/quiz-attempts/${NO_ID}/coaching`, roles: TRAINERS },
  { method: 'GET', route: '/api/trainer/scenario-runs/[id]', url: `/api/trainer/scenario-runs/${NO_ID}`, roles: TRAINERS },
  { method: 'POST', route: '/api/trainer/scenario-runs/[id]/coaching', url: `/api/trainer/scenario-runs/${NO_ID}/coaching`, roles: TRAINERS },
  { method: 'POST', route: '/api/trainer/scenario-runs/[id]/review', url: `/api/trainer/scenario-runs/${NO_ID}/review`, roles: TRAINERS },
]
