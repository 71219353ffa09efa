import { createApp } from './app';
import { configFromVars, type Vars } from './config';
import { d1Database } from './db/d1';
import { systemClock, type Deps } from './deps';
import { runCleanup } from './jobs/cleanup';
import { guardD1, guardStore } from './lib/dependency';
import { cryptoIds } from './lib/ids';
import { loggerFor } from './lib/log';
import { r2Store } from './storage/r2';

export interface Env {
  DB: D1Database;
  BLOBS: R2Bucket;
  [name: string]: unknown;
}

/** Deps and app are built once per isolate: bindings are stable for its lifetime. */
let cached: { env: Env; deps: Deps; app: ReturnType<typeof createApp> } | undefined;

export function depsFromEnv(env: Env): Deps {
  return {
    db: d1Database(guardD1(env.DB)),
    blobs: guardStore(r2Store(env.BLOBS)),
    clock: systemClock,
    ids: cryptoIds,
    config: configFromVars(env as unknown as Vars),
    log: loggerFor(env.LOG_LEVEL as string | undefined),
  };
}

function instance(env: Env) {
  if (!cached || cached.env !== env) {
    const deps = depsFromEnv(env);
    cached = { env, deps, app: createApp(deps) };
  }
  return cached;
}

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    return instance(env).app.fetch(request, env, ctx);
  },
  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    ctx.waitUntil(runCleanup(instance(env).deps));
  },
} satisfies ExportedHandler<Env>;
