/**
 * The bindings and vars the workerd tests see through `env` from `cloudflare:test`
 * (typed as `Cloudflare.Env` by @cloudflare/vitest-pool-workers): wrangler.toml's plus the migrations.
 */
declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    BLOBS: R2Bucket;
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    CONTENT_DOMAIN: string;
    MAX_FILE_BYTES: string;
    MAX_SHARE_BYTES: string;
    MAX_FILES: string;
    PENDING_TTL_SECONDS: string;
    DEFAULT_EXPIRY: string;
    MAX_EXPIRY: string;
  }
}
