import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))

export default defineNuxtConfig({
  modules: ['@nuxt/content', '@pinia/nuxt', 'nuxt-auth-utils', 'nuxt-security', '@nuxt/eslint'],
  $development: {
    // Browsers ignore HSTS over plain HTTP anyway; a developer's localhost never gets it.
    security: { headers: { strictTransportSecurity: false } },
  },
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

  // Every stylesheet the server render needs goes into the HTML, the global one too (the default
  // inlines only components' styles): no stylesheet request stands between the HTML and the
  // first paint (bench/README.md, docs/decisions.md).
  features: { inlineStyles: true },

  experimental: {
    defaults: {
      // Links fetch their page's code when pointed at, focused or touched, not as soon as they
      // are on screen: on a lesson page the navigation, breadcrumbs and pager made the browser
      // import half a dozen pages' chunks (and add a <link> per dependency) right after load,
      // the main-thread work Lighthouse counted as blocking time (bench/README.md).
      nuxtLink: { prefetchOn: { visibility: false, interaction: true } },
    },
  },

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

  vite: {
    environments: {
      client: {
        build: {
          rolldownOptions: {
            output: {
              // The lesson body's Prose components, loaded together, are one file. (The entry's
              // static dependencies were one file too, an `entry-deps` group: it left the first
              // paint where it was and made one longer evaluation task, docs/decisions.md.)
              codeSplitting: {
                groups: [
                  { name: 'prose', test: /[\\/]@nuxtjs[\\/]mdc[\\/]dist[\\/]runtime[\\/]components[\\/]prose[\\/]/ },
                ],
              },
            },
          },
        },
      },
    },
  },

  typescript: { strict: true },

  hooks: {
    // With every rendered component's styles inlined (features.inlineStyles), Nuxt still names
    // the stylesheet of a component chunk shared by several pages (LessonArticle, PageState) in
    // the manifest, so the HTML linked it too: a render-blocking request for styles the page
    // already holds. A chunk's CSS in the manifest only makes those links; client-side
    // navigation loads a chunk's CSS from the chunk's own imports.
    'build:manifest'(manifest) {
      for (const chunk of Object.values(manifest)) {
        if (!chunk.isEntry) chunk.css &&= []
      }
    },
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

  // Security headers (nuxt-security; docs/decisions.md says why each choice). The CSP allows
  // scripts from this origin and, inline, only scripts whose SHA-256 the response names
  // (server/plugins/csp-script-hashes.ts hashes them from the rendered HTML): no nonces, so a
  // page's headers follow from its HTML and the shared lesson-page cache can replay them.
  security: {
    nonce: false,
    headers: {
      contentSecurityPolicy: {
        'default-src': ['\'self\''],
        'base-uri': ['\'none\''],
        'connect-src': ['\'self\''],
        'font-src': ['\'self\''],
        'form-action': ['\'self\''],
        'frame-ancestors': ['\'none\''],
        'frame-src': ['\'none\''],
        // Certificate QR codes are data: images.
        'img-src': ['\'self\'', 'data:'],
        'object-src': ['\'none\''],
        'script-src': ['\'self\''],
        'script-src-attr': ['\'none\''],
        // Server-rendered style="" attributes (progress bars, chart heights) and CodeMirror's
        // injected styles; no script can run from a style.
        'style-src': ['\'self\'', '\'unsafe-inline\''],
        'worker-src': ['\'self\''],
        // Every resource is this origin's own, which is HTTPS wherever HTTPS is used.
        'upgrade-insecure-requests': false,
      },
      // Same-origin requests keep their full Referer and Origin (with "no-referrer", a
      // browser's same-origin POST would carry `Origin: null`); other sites get nothing.
      referrerPolicy: 'same-origin',
      xFrameOptions: 'DENY',
      strictTransportSecurity: { maxAge: 31536000, includeSubdomains: true },
    },
    // Ours count streamed bytes per route (server/middleware/00.body-limit.ts); the module's
    // reads only Content-Length.
    requestSizeLimiter: false,
    // Sign-in throttles live in the database (shared between processes); the module's
    // limiter counts in one process's memory.
    rateLimiter: false,
    // Trainers write Markdown and HTML; output is escaped where it is shown.
    xssValidator: false,
    // Same-origin only: no cross-origin reads are allowed, so no CORS headers are sent.
    corsHandler: false,
    // Keep the app's own console output (errors shown to whoever debugs a browser).
    removeLoggers: false,
  },
})
