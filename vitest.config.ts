import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/**
 * Two projects: `workerd` runs route and storage tests inside the real Workers runtime against
 * local R2 and D1 with the real migrations; `node` runs pure unit tests and the CLI against a
 * running server, as a user runs it; `e2e` drives Debian's Chromium against one server started as
 * `npm start` does (test/e2e/global-setup.ts), one file at a time.
 */
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, 'migrations'));
  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest({
              main: './worker/index.ts',
              wrangler: { configPath: './wrangler.toml' },
              miniflare: { bindings: { TEST_MIGRATIONS: migrations } },
            }),
          ],
          test: { name: 'workerd', include: ['test/workerd/**/*.test.ts'], setupFiles: ['./test/workerd/setup.ts'] },
        },
        {
          test: {
            name: 'node',
            include: ['test/unit/**/*.test.ts', 'test/cli/**/*.test.ts'],
            environment: 'node',
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        },
        {
          test: {
            name: 'e2e',
            include: ['test/e2e/**/*.test.ts'],
            // password.test.ts needs the server-side password feature (issue 4), which is not on
            // this branch yet: add it back when that lands.
            exclude: ['test/e2e/password.test.ts'],
            environment: 'node',
            globalSetup: ['./test/e2e/global-setup.ts'],
            fileParallelism: false,
            testTimeout: 120_000,
            hookTimeout: 180_000,
          },
        },
      ],
    },
  };
});
