import { defineVitestProject } from '@nuxt/test-utils/config'
import { defineConfig } from 'vitest/config'

// Server and browser tests run against the built app (.output, built by
// scripts/test.sh) and one FerretDB started by the global set-up; each test file
// gets its own server process and its own throwaway database.
//
// No per-file isolation: a worker runs one file after another in the same module graph
// (Vitest started a fresh worker per file, about 1 s each, 64 times in a run). Nothing a file
// needs is per-module state: each file starts its own app process, browser and database in
// beforeAll and stops them in afterAll, no file mocks a module or sets process.env, the one
// module-level cache in test/support (accounts.ts, the hash of the test password) is the same
// for every file, and the one file that uses mongoose's default connection and the app's
// module state in-process (server/summary-snapshot) connects and closes them itself.
const againstBuiltApp = {
  environment: 'node' as const,
  isolate: false,
  globalSetup: ['test/support/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 90_000,
}

// Files that assert on elapsed time (sign-in timing within 5 ms, recovery within 10 s,
// health within 5 s): they run last and alone, so other files' load can't decide them.
const TIMED = [
  'test/server/sign-in-throttling.test.ts',
  'test/server/database-supervision.test.ts',
  'test/server/health.test.ts',
]

// Three files at a time: most of a server or browser test's time is spent waiting on the
// app, its database or the browser (the axe and course-reader files took about 300 s of their
// worker's time in the fresh-clone run of 2 Dec, and use 170-180 CPU-seconds: 0.6 of a core), so
// a second and a third file fill that time even on two cores. Vitest's default in a run is one
// worker fewer than the cores: one, here. All projects of group 0 share this one pool of workers.
const parallel = { maxWorkers: 3, sequence: { groupOrder: 0 } }

export default defineConfig({
  test: {
    projects: [
      // Unit tests are pure functions and content checks: a worker runs one file after another in
      // the same module graph instead of a fresh one per file (each file's start cost about 2 s).
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', isolate: false, ...parallel } },
      await defineVitestProject({
        test: {
          name: 'nuxt',
          include: ['test/nuxt/**/*.test.ts'],
          environment: 'nuxt',
          hookTimeout: 90_000,
          // The app manifest module only exists in a real build; the global route middleware
          // would make component tests import it.
          environmentOptions: { nuxt: { overrides: { experimental: { appManifest: false } } } },
          ...parallel,
        },
      }),
      { test: { name: 'server', include: ['test/server/**/*.test.ts'], exclude: TIMED, ...againstBuiltApp, ...parallel } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], ...againstBuiltApp, testTimeout: 90_000, ...parallel } },
      // Isolated as before: three files, so about 3 s to gain, against timing assertions.
      { test: { name: 'timed', include: TIMED, ...againstBuiltApp, isolate: true, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
})
