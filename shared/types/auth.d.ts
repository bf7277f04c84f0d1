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
  }
}

export {}
