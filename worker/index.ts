import { logMailer } from '../app/mail';
import { httpMailer } from '../app/mail-http';
import { createApp } from '../app/app';
import { configFromVars, type Vars } from '../app/config';
import { d1Database, guardD1 } from './d1';
import { systemClock, type Deps } from '../app/deps';
import { runCleanup } from '../app/jobs/cleanup';
import { guardStore } from '../app/lib/dependency';
import { cryptoIds } from '../app/lib/ids';
import { loggerFor } from '../app/lib/log';
import { r2Store } from './r2';
import { r2Spool } from './r2-spool';
import { edgeCached } from './edge-cache';
import { cfConnectingIp } from './client-ip';
import { sentAsEncoded, workerDecompress } from './encoding';
import { deferWithWaitUntil, workerFetch } from './wait-until';

export interface Env {
  DB: D1Database;
  BLOBS: R2Bucket;
  [name: string]: unknown;
}

/** Deps and app are built once per isolate: bindings are stable for its lifetime. */
let cached: { env: Env; deps: Deps; fetch: ReturnType<typeof workerFetch<Env>> } | undefined;

export function depsFromEnv(env: Env): Deps {
  // One zip publish per isolate: it may hold an unpacked 25 MiB file and the copies hashing and
  // storing it make, and an isolate has 128 MB (docs/operations.md).
  const config = configFromVars(env as unknown as Vars, { zipPublishes: 1 });
  return {
    db: d1Database(guardD1(env.DB)),
    // File bytes from the colo's cache when it has them (worker/edge-cache.ts); share state is still read from D1 first.
    blobs: guardStore(edgeCached(r2Store(env.BLOBS), caches.default, config.appHost ?? 'share.invalid')),
    spool: r2Spool(env.BLOBS),
    clock: systemClock,
    ids: cryptoIds,
    config,
    log: loggerFor(env.LOG_LEVEL as string | undefined),
    clientIp: cfConnectingIp,
    defer: deferWithWaitUntil,
    decompress: workerDecompress,
    // The HTTP email API when EMAIL_API_URL is set; else codes go to the log (development), and
    // /healthz warns when that happens on a real deployment.
    mailer: config.mailApi ? httpMailer(config.mailApi) : logMailer(),
  };
}

function instance(env: Env) {
  if (!cached || cached.env !== env) {
    const deps = depsFromEnv(env);
    cached = { env, deps, fetch: workerFetch<Env>(createApp(deps)) };
  }
  return cached;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    return sentAsEncoded(await instance(env).fetch(request, env, ctx));
  },
  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    ctx.waitUntil(runCleanup(instance(env).deps));
  },
} satisfies ExportedHandler<Env>;
