import type { Role } from '../schemas/accounts'

declare module '#auth-utils' {
  interface User {
    id: string
    name: string
    email: string
    role: Role
  }
  interface SecureSessionData {
    sessionVersion: number
    /** The token whose hash is the server-side session's `_id` (server/domain/accounts/sessions.ts). */
    sessionToken: string
  }
}

export {}
