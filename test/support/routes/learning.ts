import { EVERYONE, NO_CERTIFICATE, NO_ID, type RouteRule } from './types'

export const rules: RouteRule[] = [
  { method: 'GET', route: '/api/courses', url: '/api/courses', roles: EVERYONE },
  { method: 'GET', route: '/api/courses/[course]', url: '/api/courses/no-such-course', roles: EVERYONE },
  { method: 'GET', route: '/api/courses/[course]/lessons/[lesson]', url: '/api/courses/no-such-course/lessons/none', roles: EVERYONE },
  { method: 'GET', route: '/api/courses/[course]/lessons/[lesson]/progress', url: '/api/courses/no-such-course/lessons/none/progress', roles: EVERYONE },
  { method: 'POST', route: '/api/courses/[course]/lessons/[lesson]/complete', url: '/api/courses/no-such-course/lessons/none/complete', roles: EVERYONE },
  { method: 'POST', route: '/api/courses/[course]/lessons/[lesson]/open', url: '/api/courses/no-such-course/lessons/none/open', roles: EVERYONE },
  { method: 'GET', route: '/api/me/learning', url: '/api/me/learning', roles: EVERYONE },
  { method: 'GET', route: '/api/quizzes/[quiz]', url: '/api/quizzes/no-such-quiz', roles: EVERYONE },
  { method: 'POST', route: '/api/quizzes/[quiz]/attempts', url: '/api/quizzes/no-such-quiz/attempts', roles: EVERYONE },
  { method: 'GET', route: '/api/quiz-attempts/[id]', url: `/api/quiz-attempts/${NO_ID}`, roles: EVERYONE },
  { method: 'PUT', route: '/api/quiz-attempts/[id]/answers', url: `/api/quiz-attempts/${NO_ID}/answers`, roles: EVERYONE },
  { method: 'POST', route: '/api/quiz-attempts/[id]/submit', url: `/api/quiz-attempts/${NO_ID}/submit`, roles: EVERYONE },
  { method: 'GET', route: '/api/scenarios/[scenario]', url: '/api/scenarios/no-such-scenario', roles: EVERYONE },
  { method: 'POST', route: '/api/scenarios/[scenario]/runs', url: '/api/scenarios/no-such-scenario/runs', roles: EVERYONE },
  { method: 'GET', route: '/api/scenario-runs/[id]', url: `/api/scenario-runs/${NO_ID}`, roles: EVERYONE },
  { method: 'POST', route: '/api/scenario-runs/[id]/steps', url: `/api/scenario-runs/${NO_ID}/steps`, roles: EVERYONE },
  { method: 'GET', route: '/api/certificates/[code]', url: `/api/certificates/${NO_CERTIFICATE}`, roles: EVERYONE },
  { method: 'GET', route: '/api/certificates/[code]/pdf', url: `/api/certificates/${NO_CERTIFICATE}/pdf`, roles: EVERYONE },
  { method: 'POST', route: '/api/certificates/[code]/revoke', url: `/api/certificates/${NO_CERTIFICATE}/revoke`, roles: ['hr', 'admin'] },
  { method: 'GET', route: '/api/verify/[code]', url: `/api/verify/${NO_CERTIFICATE}`, roles: 'public' },
]
