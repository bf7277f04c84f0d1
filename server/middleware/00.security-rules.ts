// Keeps nuxt-security's rules the first time a route set meets them, before any page renders
// and changes them for its own response (server/utils/security-rules.ts).
export default defineEventHandler((event) => {
  keepSecurityRules(event)
})
