import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/**
 * Two projects: `workerd` runs route and storage tests inside the real Workers runtime against
 * local R2 and D1 with the real migrations; `node` runs pure unit tests, the CLI against a
 * running server, the HTTP contract suite against both runtimes (wrangler dev and the Node
 * server), and the Node runtime's own tests (SQLite, disk, S3 via s3rver, crash recovery);
 * `e2e` drives Debian's Chromium against one server started as `npm start` does
 * (test/e2e/global-setup.ts), one file at a time.
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
              // Request lines go through vitest's console RPC, which slows long runs: keep errors only.
              miniflare: { bindings: { TEST_MIGRATIONS: migrations, LOG_LEVEL: 'error' } },
            }),
          ],
          test: { name: 'workerd', include: ['test/workerd/**/*.test.ts'], setupFiles: ['./test/workerd/setup.ts'], testTimeout: 30_000 },
        },
        {
          test: {
            name: 'node',
            include: ['test/unit/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/node/**/*.test.ts', 'test/load/**/*.test.ts'],
            environment: 'node',
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        },
        {
          test: {
            name: 'e2e',
            include: ['test/e2e/**/*.test.ts'],
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
