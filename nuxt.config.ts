import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))

export default defineNuxtConfig({
  modules: ['@nuxt/content', '@pinia/nuxt', 'nuxt-auth-utils', '@nuxt/eslint'],
  // Components are named by file (QuizQuestion, PageState); folders only group them.
  components: [{ path: '~/components', pathPrefix: false }],

  devtools: { enabled: false },

  app: {
    head: {
      htmlAttrs: { lang: 'en' },
      title: 'Rapport',
      meta: [
        { name: 'viewport', content: 'width=device-width, initial-scale=1' },
        { name: 'description', content: 'Customer-service training and certification for your staff.' },
      ],
    },
  },
  css: ['~/assets/css/main.css'],

  content: {
    // Node 24 ships node:sqlite, so no native addon has to be compiled for content.
    experimental: { sqliteConnector: 'native' },
  },

  runtimeConfig: {
    appVersion: version,
    // Behind a reverse proxy, trust X-Forwarded-For/-Host for client addresses (NUXT_TRUST_PROXY=true).
    trustProxy: false,
    // Seed the demo organisation into an empty database at start-up (NUXT_DEMO_SEED=true; the dev script sets it).
    demoSeed: false,
    // A lesson may be marked read once this share of its estimated minutes has passed
    // since the learner opened it (NUXT_READING_FLOOR_PERCENT; tests set 0 or a small value).
    readingFloorPercent: 30,
    // A session ends after this long without a request (NUXT_SESSION_IDLE_MINUTES) and this
    // long after sign-in whatever happens (NUXT_SESSION_MAX_DAYS).
    sessionIdleMinutes: 720,
    sessionMaxDays: 30,
    public: {
      appVersion: version,
      // An organisation may open its courses to everyone (NUXT_PUBLIC_CONTENT_REQUIRES_SIGN_IN=false).
      contentRequiresSignIn: true,
    },
  },
  // DESIGN.md keeps pages/, components/, stores/ … at the repository root.
  dir: { app: 'app' },
  srcDir: '.',

  compatibilityDate: '2026-11-01',

  nitro: {
    // Quizzes, scenarios and paths hold answer keys: they are bundled as server
    // assets and never put in a content collection (see DESIGN.md).
    serverAssets: [{ baseName: 'assessments', dir: '../content' }],
    experimental: { tasks: true },
    // Built assets are also written as .br and .gz; the static handler sends the one the
    // browser accepts, with Content-Encoding (lesson pages are compressed in their cache).
    compressPublicAssets: { gzip: true, brotli: true },
    // The reminder scheduler: one pass a minute in every app process (server/tasks/mail/pass.ts).
    scheduledTasks: { '* * * * *': ['mail:pass'] },
    // The business rules, one folder per area (STYLE.md); auto-imported like server/utils.
    imports: { dirs: ['server/domain/**'] },
  },

  typescript: { strict: true },

  hooks: {
    // @nuxt/content prerenders every collection's sql_dump into public files, which
    // are served before any server middleware; keep them behind the sign-in guard.
    'nitro:config'(config) {
      // Our handler first (database outages → 503), then Nuxt's own.
      const ours = fileURLToPath(new URL('./server/error-handler.ts', import.meta.url))
      config.errorHandler = [ours, ...[config.errorHandler ?? []].flat()]
      for (const [route, rule] of Object.entries(config.routeRules ?? {})) {
        if (route.startsWith('/__nuxt_content/')) rule.prerender = false
      }
    },
  },

  eslint: {
    config: { stylistic: true },
  },
})
