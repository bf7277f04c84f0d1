import { defineVitestProject } from '@nuxt/test-utils/config'
import { defineConfig } from 'vitest/config'

// Server and browser tests run against the built app (.output, built by
// scripts/test.sh) and one FerretDB started by the global set-up; each test file
// gets its own server process and its own throwaway database.
const againstBuiltApp = {
  environment: 'node' as const,
  globalSetup: ['test/support/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 90_000,
}

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      await defineVitestProject({
        test: {
          name: 'nuxt',
          include: ['test/nuxt/**/*.test.ts'],
          environment: 'nuxt',
          // The app manifest module only exists in a real build; the global route middleware
          // would make component tests import it.
          environmentOptions: { nuxt: { overrides: { experimental: { appManifest: false } } } },
        },
      }),
      { test: { name: 'server', include: ['test/server/**/*.test.ts'], ...againstBuiltApp } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], ...againstBuiltApp, testTimeout: 90_000, fileParallelism: false } },
    ],
  },
})
