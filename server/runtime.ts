import { serve, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { Http2ServerRequest } from 'node:http2';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { dirname, join } from 'node:path';
import { createApp } from '../app/app';
import { sqliteDatabase } from './sqlite';
import { systemClock, type Deps } from '../app/deps';
import { runCleanup } from '../app/jobs/cleanup';
import { cryptoIds } from '../app/lib/ids';
import { guardStore } from '../app/lib/dependency';
import { consoleLogger, type Logger } from '../app/lib/log';
import { diskStore } from './disk';
import { diskSpool } from './spool';
import { sha256HexInPlace } from './hash';
import { memoryCached } from './memory-cache';
import { nodeDecompress } from './decompress';
import { viewsOf } from '../app/services/views';
import { flushMissing } from '../app/services/missing';
import type { BlobStore } from '../app/storage';
import type { NodeConfig } from './config';
import { forwardedClientIp } from './client-ip';
import { drainUnreadBody } from './drain';
import { fileSecret, privateDir, privateFile } from './private-files';
import { applyMigrations } from './migrate';
import { closeServer } from './shutdown';
import { nodeMailer } from './mailer';

export const MIGRATIONS_DIR = join(import.meta.dirname, '..', 'migrations');

/** Opens the SQLite file the way a busy single-box server wants it: WAL, waiting on locks, FKs enforced. */
export function openSqlite(path: string): BetterSqlite3.Database {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  privateFile(path);
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  return sqlite;
}

/**
 * The largest request head (request line and headers) the server reads, in bytes: 1 MiB instead
 * of Node's 16 KiB. A share's page can fill the visitor's cookie jar for the whole content domain
 * (without the Public Suffix List every share is one site): Chromium keeps up to ~170 cookies of
 * 4 KiB per registrable domain, a `Cookie` header of 692,322 bytes measured in Chromium 156
 * (test/e2e/same-site.test.ts). At 16 KiB every share then answered 431 to that visitor; at 1 MiB
 * the page loads and its answer expires the planted cookies (app/lib/stray-cookies.ts). 1 MiB is
 * also Go's net/http default (and so Caddy's). The cost is memory for heads in flight, about the
 * bytes held (200 connections stalled inside a 1 MB head: +197 MB RSS, measured), for at most
 * Node's `headersTimeout` (60 s): no new exposure, since an anonymous manifest (`POST
 * /api/shares`, up to 1 MiB, read into memory) already costs as much per connection.
 */
export const MAX_HEADER_BYTES = 1024 * 1024;

export interface NodeRuntime {
  deps: Deps;
  server: Server;
  port: number;
  migrationsApplied: string[];
  /** Graceful stop: drain requests, stop the cleanup timer, write buffered view stats, close the database. */
  stop(): Promise<'drained' | 'timed_out'>;
}

/**
 * Builds the Node runtime: SQLite (migrated) + disk or S3, the same `createApp(deps)` the Worker
 * serves, on @hono/node-server, plus a cleanup timer in place of the Worker's cron trigger.
 */
export async function startRuntime(config: NodeConfig, log: Logger = consoleLogger): Promise<NodeRuntime> {
  privateDir(config.dataDir);
  // COOKIE_SECRET, else a secret kept in a file beside the database, never inside it.
  const appConfig = { ...config.app, cookieSecret: config.app.cookieSecret ?? fileSecret(config.dataDir) };
  const sqlite = openSqlite(config.databasePath);
  let migrationsApplied: string[];
  try {
    migrationsApplied = applyMigrations(sqlite, MIGRATIONS_DIR);
  } catch (err) {
    sqlite.close();
    throw err;
  }
  let blobs: BlobStore;
  if (config.s3) {
    // The AWS SDK is most of the server's start time; only an S3 setup pays for it.
    const { s3Store } = await import('./s3');
    blobs = s3Store(config.s3);
  } else {
    privateDir(config.blobDir);
    const disk = diskStore(config.blobDir);
    const removed = await disk.removeTempFiles();
    if (removed > 0) log.info('temp_files_removed', { removed });
    blobs = disk;
  }
  // Zip uploads are spooled here, never held, read straight from the request's socket; none is in
  // flight at start, so any file is a crash's.
  const incomingOf = new WeakMap<Request, Readable>();
  const spool = diskSpool(join(config.dataDir, 'spool'), (request) => incomingOf.get(request));
  await spool.sweep(Number.POSITIVE_INFINITY);
  // The client IP for rate limits comes from the socket (or, with TRUST_PROXY, the trusted proxy's
  // X-Forwarded-For): a client-sent header is never believed on its own.
  const ipOf = new WeakMap<Request, string>();
  // Deferred work (view stats) outlives its response; Node has no request lifetime to extend, so
  // it just runs, and a graceful stop awaits whatever is still pending before closing the database.
  const deferred = new Set<Promise<unknown>>();
  const deps: Deps = {
    db: sqliteDatabase(sqlite, { servingMemoEntries: config.serveCacheEntries }), blobs: guardStore(memoryCached(blobs, { maxObjectBytes: 256 * 1024, maxTotalBytes: config.cacheBytes })), spool, sha256: sha256HexInPlace, clock: systemClock, ids: cryptoIds, config: appConfig, log,
    clientIp: (request) => ipOf.get(request) ?? null,
    decompress: nodeDecompress,
    mailer: await nodeMailer(config),
    defer: (_request, work) => {
      deferred.add(work);
      const settled = () => deferred.delete(work);
      work.then(settled, settled);
    },
  };
  const app = createApp(deps);

  let cleaning: Promise<unknown> | null = null;
  const cleanup = () => {
    if (cleaning) return;
    cleaning = runCleanup(deps)
      .catch((err) => log.error('cleanup_failed', { message: (err as Error).message }))
      .finally(() => { cleaning = null; });
  };
  const timer = setInterval(cleanup, config.cleanupIntervalMs);
  cleanup();

  const server = await new Promise<Server>((resolve, reject) => {
    const maxBody = config.app.limits.maxShareBytes + 1024 * 1024;
    const fetch = async (request: Request, env: HttpBindings | Http2Bindings) => {
      const ip = forwardedClientIp(request.headers.get('x-forwarded-for'), config.proxyHops) ?? env.incoming.socket?.remoteAddress;
      if (ip) ipOf.set(request, ip);
      incomingOf.set(request, env.incoming);
      const response = await app.fetch(request, env);
      if (!(env.incoming instanceof Http2ServerRequest)) await drainUnreadBody(env.incoming, maxBody);
      return response;
    };
    const s = serve({ fetch, port: config.port, hostname: config.listenHost, autoCleanupIncoming: false, serverOptions: { maxHeaderSize: MAX_HEADER_BYTES } }, () => resolve(s as Server));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;

  return {
    deps, server, port, migrationsApplied,
    async stop() {
      clearInterval(timer);
      const result = await closeServer(server, config.shutdownTimeoutMs);
      await cleaning;
      // Page views still buffered for the stats are written before the database closes.
      await viewsOf(deps).flush();
      await flushMissing(deps);
      await Promise.allSettled(deferred);
      deps.mailer.close?.();
      sqlite.close();
      return result;
    },
  };
}
