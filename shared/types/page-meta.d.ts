import type { Role } from '../schemas/accounts'

declare module '#app' {
  interface PageMeta {
    /** Roles that may open the page; a page without roles or public needs any signed-in user. */
    roles?: readonly Role[]
    /** Open to everyone, signed in or not. */
    public?: boolean
  }
}

export {}
