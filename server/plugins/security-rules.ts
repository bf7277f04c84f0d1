// Hands each request nuxt-security's rules resolved once for its route set
// (server/utils/security-rules.ts). Registered before the module's plugins (it sorts its own
// last), so this runs before its request hook, which then finds the rules in place.
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('request', event => giveKeptSecurityRules(event))
})
